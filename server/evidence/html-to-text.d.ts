// html-to-text 10 ships no types (and @types/html-to-text describes 9): the part extractText uses.
declare module 'html-to-text' {
  export interface DomNode {
    type: string;
    name?: string;
    attribs?: Record<string, string>;
    children?: DomNode[];
  }

  export interface TableCell {
    colspan: number;
    rowspan: number;
    text: string;
  }

  export interface BlockTextBuilder {
    openTable(): void;
    openTableRow(): void;
    openTableCell(options?: { maxColumnWidth?: number }): void;
    closeTableCell(options?: { colspan?: number; rowspan?: number }): void;
    closeTableRow(): void;
    closeTable(options: { tableToString: (rows: TableCell[][]) => string; leadingLineBreaks?: number; trailingLineBreaks?: number }): void;
  }

  export type FormatOptions = Record<string, unknown>;
  export type RecursiveCallback = (nodes: DomNode[] | undefined, builder: BlockTextBuilder) => void;
  export type FormatCallback = (elem: DomNode, walk: RecursiveCallback, builder: BlockTextBuilder, formatOptions: FormatOptions) => void;

  export interface SelectorDefinition {
    selector: string;
    format?: string;
    options?: FormatOptions;
  }

  export interface HtmlToTextOptions {
    wordwrap?: number | false | null;
    decodeEntities?: boolean;
    limits?: { ellipsis?: string; maxBaseElements?: number; maxChildNodes?: number; maxDepth?: number; maxInputLength?: number };
    selectors?: SelectorDefinition[];
    formatters?: Record<string, FormatCallback>;
  }

  export function compile(options?: HtmlToTextOptions): (html: string) => string;
  export function convert(html: string, options?: HtmlToTextOptions): string;
}
