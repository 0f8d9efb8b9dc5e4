// A tiny ONNX protobuf writer: just enough of ModelProto / GraphProto / NodeProto / TensorProto /
// ValueInfoProto (field numbers from onnx.proto) to build the benchmark's graphs in JS.

const FLOAT = 1;
const INT64 = 7;
const utf8 = new TextEncoder();

function concat(parts) {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** Base-128 varint; negative int64 values are written as their 10-byte two's complement. */
function varint(value) {
  let v = BigInt.asUintN(64, BigInt(value));
  const bytes = [];
  do {
    const b = Number(v & 0x7fn);
    v >>= 7n;
    bytes.push(v ? b | 0x80 : b);
  } while (v);
  return Uint8Array.from(bytes);
}

const key = (field, wire) => varint((field << 3) | wire);
const int = (field, v) => concat([key(field, 0), varint(v)]);
const bytes = (field, b) => concat([key(field, 2), varint(b.length), b]);
const str = (field, s) => bytes(field, utf8.encode(s));
const msg = (field, parts) => bytes(field, concat(parts));
const f32 = (field, v) => concat([key(field, 5), new Uint8Array(Float32Array.of(v).buffer)]);

/** TensorProto from a Float32Array (FLOAT) or an array of integers (INT64), row-major. */
export function tensor(name, dims, data) {
  const isFloat = data instanceof Float32Array;
  const raw = isFloat ? data : BigInt64Array.from(data, BigInt);
  return concat([
    ...dims.map((d) => int(1, d)), // dims
    int(2, isFloat ? FLOAT : INT64), // data_type
    str(8, name), // name
    bytes(9, new Uint8Array(raw.buffer, raw.byteOffset, raw.byteLength)), // raw_data (little-endian)
  ]);
}

/** AttributeProto: a number (INT or, with float: true, FLOAT) or an array of ints (INTS). */
function attribute(name, value) {
  if (Array.isArray(value))
    return concat([str(1, name), ...value.map((v) => int(8, v)), int(20, 7)]);
  if (typeof value === 'object') return concat([str(1, name), f32(2, value.float), int(20, 1)]);
  return concat([str(1, name), int(3, value), int(20, 2)]);
}

/** NodeProto. attrs: { name: int | int[] | { float: x } }. */
export function node(opType, inputs, outputs, attrs = {}, domain = '') {
  return concat([
    ...inputs.map((s) => str(1, s)),
    ...outputs.map((s) => str(2, s)),
    str(4, opType),
    ...Object.entries(attrs).map(([k, v]) => msg(5, [attribute(k, v)])),
    ...(domain ? [str(7, domain)] : []),
  ]);
}

/** ValueInfoProto of a float tensor with a fixed shape. */
export function valueInfo(name, dims) {
  const dim = dims.map((d) => msg(1, [int(1, d)])); // TensorShapeProto.Dimension.dim_value
  const tensorType = msg(1, [int(1, FLOAT), msg(2, dim)]); // TypeProto.tensor_type
  return concat([str(1, name), msg(2, [tensorType])]);
}

/** ModelProto bytes. opsets: [[domain, version], ...]; the default is the ONNX domain at 17. */
export function model({
  nodes,
  initializers,
  inputs,
  outputs,
  opsets = [['', 17]],
  irVersion = 8,
}) {
  const graph = concat([
    ...nodes.map((n) => bytes(1, n)),
    str(2, 'graph'),
    ...initializers.map((t) => bytes(5, t)),
    ...inputs.map((v) => bytes(11, v)),
    ...outputs.map((v) => bytes(12, v)),
  ]);
  return concat([
    int(1, irVersion),
    str(2, 'headscope-bench'),
    bytes(7, graph),
    ...opsets.map(([domain, version]) => msg(8, [str(1, domain), int(2, version)])),
  ]);
}
