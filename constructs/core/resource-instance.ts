import { Construct, IConstruct } from 'constructs';
import { TerraformResource } from './cdktf';

const INSTANCE = Symbol.for('tlsfleet.ResourceInstance');

/** Keys tlsfleet gives `for_each` instances: they appear inside Terraform addresses and `moved` blocks unquoted by anyone else. */
const INSTANCE_KEY = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$/;

/** Whether `key` may name a `for_each` instance tlsfleet declares. */
export function isInstanceKey(key: unknown): key is string {
  return typeof key === 'string' && INSTANCE_KEY.test(key);
}

/** `name["key"]`: the address of one instance of a `for_each` block, as Terraform writes it in plans and state. */
export function instanceAddress(name: string, key: string): string {
  return `${name}[${JSON.stringify(key)}]`;
}

/**
 * One instance of a `for_each` resource block, as a construct in the tree. It declares nothing
 * itself (cdktf synthesizes only the block); it gives the instance a construct path, so that
 * facts can name it (a certificate's `keyResource`, a delivery's `resource`) and the policy can
 * attribute what it finds in that instance to the client it was declared for, and waivers on
 * that client's scope cover it, exactly as for a block of its own.
 */
export class ResourceInstance extends Construct {
  /** Whether `x` is a {@link ResourceInstance} (of any copy of tlsfleet). */
  public static isResourceInstance(x: unknown): x is ResourceInstance {
    return x !== null && typeof x === 'object' && (x as { [INSTANCE]?: unknown })[INSTANCE] === true;
  }

  /** The `for_each` block. */
  public readonly block: TerraformResource;
  /** The instance's key in the block's `for_each` map. */
  public readonly key: string;

  constructor(scope: IConstruct, id: string, block: TerraformResource, key: string) {
    super(scope as Construct, id);
    if (!isInstanceKey(key)) throw new Error(`tlsfleet: ${this.node.path}: an instance key must match ${INSTANCE_KEY}, got ${JSON.stringify(key)}`);
    this.block = block;
    this.key = key;
    Object.defineProperty(this, INSTANCE, { value: true });
  }

  /** The block's resource type (`tls_private_key`). */
  public get terraformResourceType(): string {
    return this.block.terraformResourceType;
  }

  /** `<block logical id>["<key>"]`, read when asked: the block's logical id may still be overridden. */
  public get friendlyUniqueId(): string {
    return instanceAddress(this.block.friendlyUniqueId, this.key);
  }

  /** The block's provider. */
  public get provider(): IConstruct | undefined {
    return this.block.provider;
  }
}
