// Type-checked (tsc --strict, not run): the TypeScript definitions of the web build describe the
// documented API. A wrong type here fails `npm run typecheck`.
import init, {
  parse,
  parseMany,
  locate,
  validate,
  validateReport,
  ack,
  Message,
  MessageBuilder,
  Validator,
  type AckOptions,
  type ProfileSource,
  type TableSource,
  type ValidatorOptions,
  type Finding,
  type FindingInput,
  type Report,
  type ValidateOptions,
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
  const vopts: ValidateOptions = { today: '2026-11-25' };
  const findings: Finding[] = validate(msg) ?? validate(msg, 'Z22', vopts);
  const report: Report = validateReport(msg, null, vopts);
  const f: Finding = report.findings[0];
  const facts: [string, number, number | null, string | null, string | null, string | null, string, [number, number] | null] =
    [f.severity, f.code, f.app_code, f.rule, f.location, f.path, f.text, f.range];
  const given: FindingInput = { severity: 'warning', code: 103, text: 'not in the value set' };
  const aopts: AckOptions = { controlId: 'A1', timestamp: '20260101120000+0000' };
  const acked: Message = ack(msg, findings, aopts);
  const acked2: Message = ack(msg, [given]);
  const acked3: Message = ack(msg, report);
  // @ts-expect-error: findings are objects
  ack(msg, ['101']);
  const source: ProfileSource = { profile: '<xml/>', constraints: null };
  const tables: TableSource = { cvx: '', mvx: '' };
  const vo: ValidatorOptions = { profiles: [source, { profile: '', valueSets: '' }], tables };
  const local: Validator = new Validator(vo);
  const localFindings: Finding[] = local.validate(msg, 'Z22', vopts);
  const localReport: Report = local.validateReport(msg);
  const ids: string[] = local.profileIds();
  new Validator();
  // @ts-expect-error: a profile is an object with XML text
  new Validator({ profiles: ['<xml/>'] });
  local.free();
  void [localFindings, localReport, ids];
  msg.free();
  void [name, raw, all, where, first, out, range, value, count, many, built, again, facts, acked, acked2, acked3];
}
