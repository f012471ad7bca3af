// Type-checked (tsc --strict, not run): the nodejs build's definitions (CommonJS, no init).
import izkit = require('../pkg/node/izkit_wasm.js');

const msg: izkit.Message = izkit.parse(new TextEncoder().encode('MSH|^~\\&|A\r'));
const v: string | null = msg.get('MSH-3');
const all: izkit.Message[] = izkit.parseMany('MSH|^~\\&|A\r');
const b: izkit.MessageBuilder = new izkit.MessageBuilder();
export const checked = [v, all, b, izkit.locate(msg, 0)];
