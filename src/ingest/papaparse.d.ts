// The part of papaparse 5.7 (https://www.papaparse.com/docs) that Airtight uses: streaming a Node
// stream in chunks, with pause/resume. The package ships no types; this keeps us to one dependency.
declare module 'papaparse' {
  export interface ParseError {
    type: 'Quotes' | 'Delimiter' | 'FieldMismatch';
    code: string;
    message: string;
    /** Row index within the chunk's `data`. */
    row?: number;
  }

  export interface ParseResult {
    data: string[][];
    errors: ParseError[];
    meta: { cursor: number; aborted: boolean; truncated: boolean };
  }

  export interface Parser {
    pause(): void;
    resume(): void;
    abort(): void;
  }

  export interface StreamConfig {
    delimiter?: string;
    newline?: '\n' | '\r' | '\r\n';
    quoteChar?: string;
    preview?: number;
    chunk?: (results: ParseResult, parser: Parser) => void;
    complete?: () => void;
    error?: (error: Error) => void;
  }

  interface Papa {
    parse(input: NodeJS.ReadableStream, config: StreamConfig): void;
    parse(input: string, config: Omit<StreamConfig, 'chunk' | 'complete' | 'error'>): ParseResult;
  }

  const papa: Papa;
  export default papa;
}
