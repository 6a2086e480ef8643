// The stack's moved list (constructs/core/moved.ts), which client sets write into: one sorted list per stack, a move
// declared once, and cdktf's own moved blocks (resource.moveTo) kept beside tlsfleet's.
import { Construct } from 'constructs';
import { TlsPrivateKey, TlsProvider } from '../../constructs/core/cdktf';
import { addMoved, logicalIdAt, movesOf } from '../../constructs/core/moved';
import { ResourceInstance } from '../../constructs/core/resource-instance';
import { newStack, synth, validationError } from '../helpers/synth';

describe('moved blocks of a stack', () => {
  test('written once, sorted by from, with cdktf\'s own moved blocks beside them', () => {
    const stack = newStack();
    new TlsProvider(stack, 'tls');
    const block = new TlsPrivateKey(stack, 'Keys', { algorithm: 'ED25519' });
    block.addOverride('for_each', { b: {}, a: {} });
    const scope = new Construct(stack, 'Handles');
    addMoved(scope, 'f', 'tls_private_key.Zed', new ResourceInstance(scope, 'B', block, 'b'));
    addMoved(scope, 'f', 'tls_private_key.Alpha', new ResourceInstance(scope, 'A', block, 'a'));
    const old = new TlsPrivateKey(stack, 'Old', { algorithm: 'ED25519' });
    const renamed = new TlsPrivateKey(stack, 'Renamed', { algorithm: 'ED25519' });
    renamed.addMoveTarget('renamed');
    old.moveTo('renamed');
    const json = synth(stack);
    const ours = json.moved.filter((m: { from: string }) => m.from.startsWith('tls_private_key.Alpha') || m.from.startsWith('tls_private_key.Zed'));
    expect(ours).toEqual([
      { from: 'tls_private_key.Alpha', to: 'tls_private_key.Keys["a"]' },
      { from: 'tls_private_key.Zed', to: 'tls_private_key.Keys["b"]' },
    ]);
    expect(json.moved).toContainEqual({ from: 'tls_private_key.Old', to: 'tls_private_key.Renamed' });
    expect(json.moved).toHaveLength(3);
  });

  test('the to address is read at synth: a later logical id override shows', () => {
    const stack = newStack();
    const block = new TlsPrivateKey(stack, 'Keys', { algorithm: 'ED25519' });
    block.addOverride('for_each', { a: {} });
    const scope = new Construct(stack, 'Handles');
    addMoved(scope, 'f', 'tls_private_key.X', new ResourceInstance(scope, 'A', block, 'a'));
    block.overrideLogicalId('client_keys');
    expect(movesOf(stack)).toEqual([{ from: 'tls_private_key.X', to: 'tls_private_key.client_keys["a"]' }]);
  });

  test('one address moved to two instances is refused, naming who moved it first', () => {
    const stack = newStack();
    const block = new TlsPrivateKey(stack, 'Keys', { algorithm: 'ED25519' });
    const first = new Construct(stack, 'First');
    const second = new Construct(stack, 'Second');
    const a = new ResourceInstance(first, 'A', block, 'a');
    addMoved(first, 'movedFromClients', 'tls_private_key.X', a);
    addMoved(first, 'movedFromClients', 'tls_private_key.X', a); // the same move again: one block
    const e = validationError(() => addMoved(second, 'movedFromClients', 'tls_private_key.X', new ResourceInstance(second, 'B', block, 'b')));
    expect(e.message).toBe('test/Second: `movedFromClients` must be moved once; test/First already moves it to test/First/A, got "tls_private_key.X"');
    expect(movesOf(stack)).toHaveLength(1);
  });

  test('logicalIdAt gives what cdktf gives an element at that path', () => {
    const stack = newStack();
    const deep = new TlsPrivateKey(new Construct(new Construct(stack, 'Db'), 'Orders'), 'Key', { algorithm: 'ED25519' });
    expect(logicalIdAt(stack, ['Db', 'Orders', 'Key'])).toBe(deep.friendlyUniqueId);
    expect(logicalIdAt(stack, ['Db', 'Orders', 'Key'])).toMatch(/^Db_Orders_Key_[0-9A-F]{8}$/);
    expect(logicalIdAt(stack, ['Top'])).toBe('Top');
  });
});
