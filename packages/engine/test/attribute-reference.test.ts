import assert from 'node:assert/strict';
import { test } from 'node:test';
import { literalReference, parseReference, readAttribute } from '../src/attribute-reference.js';

test('a reference without a leading slash is one literal attribute name', () => {
  assert.deepEqual(parseReference('a/b~c').components, ['a/b~c']);
});

test('a slash path is split and unescaped', () => {
  assert.deepEqual(parseReference('/a~1b/c~0d').components, ['a/b', 'c~d']);
});

test('malformed references are rejected', () => {
  for (const ref of ['', '/', '//', '/a//b', '/a/', '/a~', '/a~2', '/_meta', '/_meta/x']) {
    assert.equal(parseReference(ref).valid, false, ref);
  }
});

test('a literal name may start with a slash', () => {
  const ref = literalReference('/a/b');
  assert.equal(ref.valid, true);
  assert.deepEqual(ref.components, ['/a/b']);
});

test('the kind reference is recognised', () => {
  assert.equal(parseReference('kind').isKind, true);
  assert.equal(parseReference('/kind').isKind, true);
  assert.equal(parseReference('/kind/x').isKind, false);
});

test('reading follows object properties but never array indexes or inherited properties', () => {
  const attrs = { a: { b: { c: 1 } }, list: ['x', 'y'], anonymous: undefined };
  assert.equal(readAttribute(attrs, parseReference('/a/b/c')), 1);
  assert.equal(readAttribute(attrs, parseReference('/list/0')), undefined);
  assert.equal(readAttribute(attrs, parseReference('toString')), undefined);
  assert.equal(readAttribute(attrs, parseReference('/a/toString')), undefined);
});

test('anonymous reads as false when absent', () => {
  assert.equal(readAttribute({ key: 'k' }, parseReference('anonymous')), false);
  assert.equal(readAttribute({ key: 'k', anonymous: true }, parseReference('anonymous')), true);
});
