/// Entry points of the AQL library: QRadar's Ariel Query Language parsed, printed, validated and
/// evaluated, with the standard library only.
///
/// * `AQL.parse` reads UTF-8 text into an `AQLQuery` (positions on every node, ignored by `==`); errors are
///   `AQLError`s with QRadar's code 2000, line, column, what was expected and what was found. Keywords,
///   function and field names are case-insensitive; `'…'` are literals and aliases, `"…"` are field names
///   (custom properties); `''` and `""` escape the quote. Unknown functions and wrong arities are parse
///   errors, as in QRadar. Nesting is bounded (`AQLParser.maxNesting`, `maxTreeDepth`).
/// * `AQL.print` writes the canonical one-line form and `AQL.format` a clause-per-line form; both re-parse to
///   the same AST.
/// * `AQLValidator` checks fields, types, arity and grouping against `AQLFieldCatalogue`s.
/// * `AQLEvaluator` runs a query over an `AQLTable` (see its documentation for time windows, NULLs,
///   grouping and ordering); `AQLColumnNaming` documents result column names.
/// * `AQLChecker` holds the logic of `vigil aql check` / `vigil aql format`.
public enum AQL {
    /// Parses one query. Errors carry line, column, what was expected and what was found.
    public static func parse(_ text: String) throws(AQLError) -> AQLQuery {
        try AQLParser.parse(text)
    }

    /// The canonical one-line form: upper-case keywords, single spaces, minimal parentheses and quoting.
    /// `parse(print(q)) == q` for every query.
    public static func print(_ query: AQLQuery) -> String {
        AQLPrinter.print(query)
    }

    /// A readable multi-line form: one clause per line.
    public static func format(_ query: AQLQuery) -> String {
        AQLPrinter.format(query)
    }

    /// The canonical form of one expression.
    public static func print(_ expression: AQLExpression) -> String {
        AQLPrinter.print(expression)
    }
}
