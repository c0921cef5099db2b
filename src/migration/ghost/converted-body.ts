/** A body converted to HTML, with what the conversion could not map, for the story's warnings. */
export interface ConvertedBody {
  html: string;
  warnings: string[];
}
