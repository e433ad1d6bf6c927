// One feed read by @extractus/feed-extractor (a maintained JavaScript feed library), the way a
// Node.js reader or aggregator would: fetched over HTTP, parsed, normalised. Prints what it saw
// as JSON for tests/interop/test_feed_readers.py to compare with what the site published.
//
//   node tests/validators/read_feed.mjs <url>
//
// The library's normalised entries carry id, title, link and date only; the enclosure (RSS
// <enclosure>, Atom <link rel="enclosure">), the authors and the JSON Feed picture are read from
// the raw entry it hands to getExtraEntryFields, as its README shows.
import { extract } from "@extractus/feed-extractor";

const asList = (value) => (value === undefined ? [] : Array.isArray(value) ? value : [value]);

function extras(entry) {
  const enclosures = [];
  for (const e of asList(entry.enclosure)) {
    enclosures.push({ url: e["@_url"], type: e["@_type"], length: e["@_length"] });
  }
  for (const l of asList(entry.link)) {
    if (l && typeof l === "object" && l["@_rel"] === "enclosure") {
      enclosures.push({ url: l["@_href"], type: l["@_type"], length: l["@_length"] });
    }
  }
  const authors = [
    ...asList(entry["dc:creator"]),
    ...asList(entry.author).map((a) => (typeof a === "object" ? a.name : a)),
    ...asList(entry.authors).map((a) => a.name),
  ];
  return { enclosures, authors, image: entry.image ?? null };
}

const url = process.argv[2];
const feed = await extract(url, { descriptionMaxLen: 0, getExtraEntryFields: extras });
process.stdout.write(JSON.stringify(feed, null, 1));
