import * as t from 'io-ts';

/** A JSON Schema (the subset AsyncAPI's default schema format needs), as plain data. */
export type JsonSchema = { [key: string]: unknown };

/**
 * What a hand-written codec (`checkedType`, mafia's NightAction) accepts is known only to
 * its predicate: probe it with one value of each JSON type. Its name (the docs' wording of
 * the rule, e.g. `string(1..128)`) becomes the description.
 */
function probed(codec: t.Mixed): JsonSchema {
  const accepts = (value: unknown) => {
    try {
      return codec.is(value);
    } catch {
      return false;
    }
  };
  const strings = ['a', 'abc', '0x1', 'ab-12_c', 'x'.repeat(20), '', '123e4567-e89b-12d3-a456-426614174000'];
  const types: JsonSchema[] = [];
  if (strings.some(accepts)) types.push({ type: 'string' });
  if ([1.5, -0.5, 0.25].some(accepts)) types.push({ type: 'number' });
  else if ([0, 1, 2, 9, 1000].some(accepts)) types.push({ type: 'integer' });
  if (accepts(true) || accepts(false)) types.push({ type: 'boolean' });
  if (accepts({}) || accepts({ type: 'x', data: {} })) types.push({ type: 'object' });
  if (accepts([])) types.push({ type: 'array' });
  const description = { description: codec.name };
  if (types.length === 1) return { ...types[0], ...description };
  if (types.length === 0) return description;
  return { anyOf: types, ...description };
}

const isObjectSchema = (s: JsonSchema) => s.type === 'object' && s.properties !== undefined && s.anyOf === undefined;

/** The JSON Schema of an io-ts codec: what the codec accepts, as far as JSON Schema can say it. */
export function schemaOf(codec: t.Mixed): JsonSchema {
  if (codec instanceof t.LiteralType) return { type: typeof codec.value, const: codec.value };
  if (codec instanceof t.StringType) return { type: 'string' };
  if (codec instanceof t.NumberType) return { type: 'number' };
  if (codec instanceof t.BooleanType) return { type: 'boolean' };
  if (codec instanceof t.NullType) return { type: 'null' };
  if (codec instanceof t.UnknownType) return {};
  if (codec instanceof t.AnyDictionaryType) return { type: 'object' };
  if (codec instanceof t.AnyArrayType) return { type: 'array' };
  if (codec instanceof t.KeyofType) return { type: 'string', enum: Object.keys(codec.keys) };
  if (codec instanceof t.ExactType || codec instanceof t.ReadonlyType) return schemaOf(codec.type);
  if (codec instanceof t.RefinementType) {
    const inner = schemaOf(codec.type);
    if (codec.name === 'Uuid') return { ...inner, format: 'uuid' };
    return { ...inner, description: codec.name };
  }
  if (codec instanceof t.ArrayType || codec instanceof t.ReadonlyArrayType) return { type: 'array', items: schemaOf(codec.type) };
  if (codec instanceof t.DictionaryType) return { type: 'object', additionalProperties: schemaOf(codec.codomain) };
  if (codec instanceof t.InterfaceType || codec instanceof t.PartialType) {
    const props = codec.props as Record<string, t.Mixed>;
    const properties = Object.fromEntries(Object.entries(props).map(([name, type]) => [name, schemaOf(type)]));
    return codec instanceof t.InterfaceType && Object.keys(props).length > 0
      ? { type: 'object', properties, required: Object.keys(props) }
      : { type: 'object', properties };
  }
  if (codec instanceof t.IntersectionType) {
    const members = (codec.types as t.Mixed[]).map(schemaOf);
    // Objects merge into one (readable, and unknown extra fields stay allowed as on the wire).
    if (members.every(isObjectSchema)) {
      const properties = Object.assign({}, ...members.map((m) => m.properties));
      const required = [...new Set(members.flatMap((m) => (m.required as string[] | undefined) ?? []))];
      return required.length > 0 ? { type: 'object', properties, required } : { type: 'object', properties };
    }
    return { allOf: members };
  }
  if (codec instanceof t.UnionType) return { anyOf: (codec.types as t.Mixed[]).map(schemaOf) };
  return probed(codec);
}
