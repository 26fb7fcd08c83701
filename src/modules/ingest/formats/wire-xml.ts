// The XML reader the agency formats (NewsML-G2, NITF) share: namespaces dropped, values kept as
// text, entity expansion bounded, DTD entities refused before parsing.
import { XMLParser } from 'fast-xml-parser';
import { refuseEntities, XmlRefused } from './feeds.ts';
import type { Node } from './xml-nodes.ts';

/** A parser that keeps `stopNodes` as markup and reads `arrays` as lists even when single. */
export function wireXmlParser(stopNodes: string[], arrays: ReadonlySet<string>): XMLParser {
  return new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '@',
    removeNSPrefix: true,
    parseTagValue: false,
    parseAttributeValue: false,
    trimValues: true,
    processEntities: { enabled: true, maxEntityCount: 100, maxExpandedLength: 100_000, maxTotalExpansions: 10_000 },
    stopNodes,
    isArray: (name) => arrays.has(name),
  });
}

/** Parses a whole document, refusing declared entities and XML that is not well-formed. */
export function parseWireXml(parser: XMLParser, xml: string): Node {
  refuseEntities(xml);
  try {
    return parser.parse(xml, true) as Node;
  } catch (error) {
    throw new XmlRefused(`not well-formed XML: ${(error as Error).message.split('\n')[0]}`);
  }
}
