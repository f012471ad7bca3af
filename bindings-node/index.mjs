// The ESM entry point of `izkit`: the same objects as the CommonJS entry point (index.js).
import { createRequire } from 'node:module'

const require = createRequire(import.meta.url)
const izkit = require('./index.js')

export const {
  parse,
  parseMany,
  parseManyAsync,
  locate,
  validate,
  validateReport,
  ack,
  toFhir,
  toFhirJson,
  fromFhir,
  route,
  routeReport,
  redact,
  Policy,
  Validator,
  Message,
  MessageBuilder,
  IzkitError,
  ParseError,
  PathError,
  EditError,
} = izkit
export default izkit
