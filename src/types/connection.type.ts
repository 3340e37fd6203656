import { Field, Int, ObjectType } from "type-graphql";
import type { ClassType } from "type-graphql";

@ObjectType({
  simpleResolvers: true,
  description: "Relay page information.",
})
export class PageInfo {
  @Field()
  hasNextPage!: boolean;

  @Field(() => String, {
    nullable: true,
    description: "The cursor of the last edge; null on an empty page.",
  })
  endCursor!: string | null;
}

export interface ConnectionShape<TNode> {
  edges: { cursor: string; node: TNode }[];
  pageInfo: PageInfo;
  /** A promise: counting is left until a client selects the field (toPage). */
  totalCount: number | Promise<number>;
}

/**
 * A Relay connection over `nodeClass`, named `<Node>Connection` with edges `<Node>Edge`.
 * Cursors are opaque keyset positions (stable while others write), never offsets.
 */
export function Connection<TNode extends object>(nodeClass: ClassType<TNode>, name: string) {
  @ObjectType(`${name}Edge`, { simpleResolvers: true })
  class EdgeClass {
    @Field()
    cursor!: string;

    @Field(() => nodeClass)
    node!: TNode;
  }

  @ObjectType(`${name}Connection`, { simpleResolvers: true })
  class ConnectionClass implements ConnectionShape<TNode> {
    @Field(() => [EdgeClass])
    edges!: EdgeClass[];

    @Field(() => PageInfo)
    pageInfo!: PageInfo;

    @Field(() => Int, { description: "How many nodes match, across all pages." })
    totalCount!: number | Promise<number>;
  }
  return ConnectionClass;
}
