// Type-checked (tsc --strict --noEmit, part of `npm test`), never run: uses the whole API as
// index.d.ts declares it, including what must NOT type-check (@ts-expect-error).
import {
  AckOptions,
  EditError,
  FhirBundle,
  FhirResource,
  FieldInfo,
  Finding,
  FindingInput,
  FromFhirOptions,
  IzkitError,
  IzkitErrorProperties,
  Message,
  MessageBuilder,
  MessageTree,
  ParseError,
  ParseOptions,
  PathError,
  ProfileSource,
  Report,
  SegmentInfo,
  SegmentTree,
  TableSource,
  ToFhirOptions,
  ValidateOptions,
  Validator,
  ValidatorOptions,
  ack,
  fromFhir,
  locate,
  parse,
  parseMany,
  parseManyAsync,
  toFhir,
  toFhirJson,
  validate,
  validateReport,
} from 'izkit'

const text = 'MSH|^~\\&|A\rPID|1||||DOE^JO\r'
const opts: ParseOptions = { indexed: true }
const msg: Message = parse(text)
const fromBuffer: Message = parse(Buffer.from(text), opts)
const fromBytes: Message = parse(new Uint8Array(Buffer.from(text)), {})
// @ts-expect-error: numbers are not input
parse(42)

const value: string | null = msg.get('PID-5.1')
const raw: string | null = msg.getRaw('PID-5')
const all: string[] = msg.getAll('PID-3.1')
const path: string | null = msg.locate(15)
const same: string | null = locate(fromBuffer, 15)
const tree: MessageTree = msg.toJSON()
const seg0: SegmentTree = tree.segments[0]
const leaf: string = seg0.fields[0][0][0][0]
const s: string = msg.toString()
const bytes: Buffer = msg.toBuffer()
const segs: SegmentInfo[] = msg.segments()
const seg: SegmentInfo = segs[0]
const segFacts: [string, number, number, string, [number, number]] = [seg.id, seg.index, seg.occurrence, seg.raw, seg.range]
const field: FieldInfo = seg.fields[0]
const fieldFacts: [string, string, string | null, [number, number]] = [field.path, field.raw, field.value, field.range]
const count: number = msg.segmentCount
// @ts-expect-error: segmentCount is read-only
msg.segmentCount = 3
// @ts-expect-error: a Message is made by parse(), not new
new Message()

const many: Message[] = parseMany(text + text)
const later: Promise<Message[]> = parseManyAsync(Buffer.from(text))

const b: MessageBuilder = new MessageBuilder()
const b2: MessageBuilder = new MessageBuilder(text)
const b3: MessageBuilder = fromBytes.toBuilder()
b.set('PID-5.1', 'DOE')
b.setRaw('MSH-9', 'VXU^V04^VXU_V04')
b.clear('PID-7')
b.addSegment('OBX|1')
b.insertSegment(1, 'PD1|')
b.removeSegment(1)
b.addRepetition('PID-3', 'X')
b.removeRepetition('PID-3[1]')
const back: string | null = b.get('PID-5.1')
const built: Message = b.build()
const bs: string = b2.toString() + b3.toString()

function describeError(e: unknown): string {
  if (e instanceof PathError || e instanceof EditError || e instanceof ParseError) {
    const props: IzkitErrorProperties = e
    const name: 'IzkitError' | 'ParseError' | 'PathError' | 'EditError' = e.name
    return `${name} ${props.code} ${props.offset} ${props.path ?? '-'} ${props.line}`
  }
  if (e instanceof IzkitError) return e.message
  return String(e)
}

async function main(): Promise<void> {
  try {
    const msgs = await later
    console.log(msgs.length)
  } catch (e) {
    console.log(describeError(e))
  }
}

export const used = [value, raw, all, path, same, leaf, s, bytes, segFacts, fieldFacts, count, many, back, built, bs, main]

// validate and ack
const vopts: ValidateOptions = { today: '2026-11-25' }
const findings: Finding[] = validate(msg)
const forced: Finding[] = validate(msg, 'Z22', vopts)
const report: Report = validateReport(msg, null, {})
const profileId: string = report.profile
const f0: Finding = findings[0]
const facts: [string, number, number | null, string | null, string | null, string | null, string, [number, number] | null] = [
  f0.severity, f0.code, f0.app_code, f0.rule, f0.location, f0.path, f0.text, f0.range,
]
const given: FindingInput = { severity: 'error', code: 101, text: 'PID-5 is required', location: 'PID^1^5^1' }
const aopts: AckOptions = { controlId: 'ACK-1', timestamp: '20260101120000+0000' }
const acked: Message = ack(msg, findings, aopts)
const acked2: Message = ack(msg, [given])
const acked3: Message = ack(msg, report)
// @ts-expect-error: severity is one of three words
const wrongSeverity: Finding['severity'] = 'fatal'
// @ts-expect-error: findings are objects
ack(msg, ['101'])
// @ts-expect-error: today is a string
validate(msg, null, { today: new Date() })

const source: ProfileSource = { profile: '<xml/>', constraints: null }
const vo: ValidatorOptions = { profiles: [source, { profile: '', valueSets: '' }], tables: { cvx: '', mvx: '', groups: null } }
const local: Validator = new Validator(vo)
const localFindings: Finding[] = local.validate(msg, 'Z22', vopts)
const localReport: Report = local.validateReport(msg)
const ids: string[] = local.profileIds()
const tables: TableSource = { cvx: '', mvx: '' }
new Validator()
// @ts-expect-error: a profile is an object with XML text
new Validator({ profiles: ['<xml/>'] })

export const usedToo = [forced, profileId, facts, acked, acked2, acked3, localFindings, localReport, ids, tables]

// FHIR
const topts: ToFhirOptions = { localOffset: -300 }
const bundle: FhirBundle = toFhir(msg, topts)
const bundleType: string | undefined = bundle.type
const first: FhirResource | undefined = bundle.entry?.[0]?.resource
const firstType: string | undefined = first?.resourceType
const bundleText: string = toFhirJson(msg)
const fopts: FromFhirOptions = { sendingApplication: 'MYEHR', controlId: 'C-1', timestamp: null, queryProfile: 'Z34' }
const vxuText: string = fromFhir(bundle, fopts)
const fromText: string = fromFhir(bundleText)
const fromBytes2: string = fromFhir(new TextEncoder().encode(bundleText), {})
// @ts-expect-error: the offset is a number of minutes
toFhir(msg, { localOffset: '-05:00' })
// @ts-expect-error: a resource has a resourceType
fromFhir({ status: 'completed' })
// @ts-expect-error: toFhir takes a Message
toFhir('MSH|^~\\&')

export const usedFhir = [bundleType, firstType, vxuText, fromText, fromBytes2]
