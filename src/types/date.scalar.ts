import { GraphQLError, GraphQLScalarType, Kind } from "graphql";
import { isCalendarDate } from "../policy/edge-input";

function parseDate(value: unknown): string {
  if (!isCalendarDate(value)) {
    throw new GraphQLError(
      `Date: expected a calendar date as YYYY-MM-DD, got ${JSON.stringify(value)}`,
      {
        extensions: { code: "BAD_USER_INPUT" },
      },
    );
  }
  return value;
}

/** A calendar date, `YYYY-MM-DD`, kept as that string end to end (Neo4j stores it as a date). */
export const DateScalar = new GraphQLScalarType<string, string>({
  name: "Date",
  description: "A calendar date, YYYY-MM-DD.",
  serialize: (value) => parseDate(value),
  parseValue: (value) => parseDate(value),
  parseLiteral: (ast) => parseDate(ast.kind === Kind.STRING ? ast.value : null),
});
