// The part of papaparse 5.7 (https://www.papaparse.com/docs) that Airtight uses: parsing a string,
// and the parser class behind it, fed piece by piece as papaparse's own stream reader feeds it.
// The package ships no types; this keeps us to one dependency.
declare module 'papaparse' {
  export interface ParseError {
    type: 'Quotes' | 'Delimiter' | 'FieldMismatch';
    code: string;
    message: string;
    /** Row index within the result's `data`. */
    row?: number;
  }

  export interface ParseResult {
    data: string[][];
    errors: ParseError[];
    /** `cursor`: characters of the input taken by the rows in `data`; `linebreak`: the line ending used. */
    meta: { cursor: number; aborted: boolean; truncated: boolean; linebreak: '\n' | '\r' | '\r\n' };
  }

  export interface ParseConfig {
    delimiter?: string;
    /** Guessed from the input when not given. */
    newline?: '\n' | '\r' | '\r\n';
    quoteChar?: string;
    preview?: number;
  }

  /** The parser itself (papaparse's `Papa.Parser`): no guessing, no streaming. */
  export class Parser {
    constructor(config: ParseConfig);
    /** With `ignoreLastRow`, the last row (maybe unfinished) is left out of `data` and `meta.cursor`. */
    parse(input: string, baseIndex: number, ignoreLastRow: boolean): ParseResult;
  }

  interface Papa {
    parse(input: string, config: ParseConfig): ParseResult;
    Parser: typeof Parser;
  }

  const papa: Papa;
  export default papa;
}
