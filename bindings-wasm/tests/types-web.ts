// Type-checked (tsc --strict, not run): the TypeScript definitions of the web build describe the
// documented API. A wrong type here fails `npm run typecheck`.
import init, {
  parse,
  parseMany,
  locate,
  Message,
  MessageBuilder,
  type FieldInfo,
  type IzkitError,
  type MessageTree,
  type ParseOptions,
  type SegmentInfo,
} from '../pkg/web/izkit_wasm.js';

export async function demo(bytes: Uint8Array): Promise<void> {
  await init();
  const opts: ParseOptions = { indexed: true };
  const msg: Message = parse('MSH|^~\\&|A\rPID|1||X||DOE^JO\r', opts);
  const fromBytes: Message = parse(bytes);
  const name: string | null = msg.get('PID-5.1');
  const raw: string | null = msg.getRaw('PID-5');
  const all: string[] = msg.getAll('PID-3.1');
  const where: string | null = msg.locate(20) ?? locate(msg, 20);
  const tree: MessageTree = msg.toJSON();
  const first: string = tree.segments[0].fields[0][0][0][0];
  const text: string = msg.toString();
  const out: Uint8Array = fromBytes.toBytes();
  const segs: SegmentInfo[] = msg.segments();
  const field: FieldInfo = segs[1].fields[4];
  const range: [number, number] = field.range;
  const value: string | null = field.value;
  const count: number = msg.segmentCount;
  const many: Message[] = parseMany(text);
  const b: MessageBuilder = msg.toBuilder();
  b.set('PID-5.1', 'ROE');
  b.setRaw('PID-3', 'A^B');
  b.clear('PID-7');
  b.addSegment('OBX|1');
  b.insertSegment(1, 'PD1|1');
  b.removeSegment(1);
  b.addRepetition('PID-3', 'C');
  b.removeRepetition('PID-3[2]');
  const built: Message = new MessageBuilder().build();
  const again: string | null = new MessageBuilder(text).get('PID-5.1');
  try {
    parse('nope');
  } catch (e) {
    const err = e as IzkitError;
    const info: [string, string, number, string | null, number] = [err.name, err.code, err.offset, err.path, err.line];
    void info;
  }
  msg.free();
  void [name, raw, all, where, first, out, range, value, count, many, built, again];
}
