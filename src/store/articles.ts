/**
 * Articles in D1: lookups for dedup, candidate retrieval through the postings index, and the
 * statements that insert or revise an article. Every function takes the database first.
 */
import type { Article } from '../schema'
import { inParts, marks } from './params'
import { readOne, type Read } from './reads'

/** An article as stored, with its place in the fold. */
export interface StoredArticle extends Article {
  seq: number
  features: string
  developmentId: string
  copyOf: string | null
  explain: string
  ingestedAt: string
  revisedAt: string | null
}

interface ArticleRow {
  id: string
  seq: number
  url: string | null
  canonical_url: string | null
  outlet: string | null
  title: string
  published: string | null
  updated: string | null
  byline: string | null
  text: string
  lang: string | null
  content_hash: string
  features: string
  development_id: string
  copy_of: string | null
  explain: string
  ingested_at: string
  revised_at: string | null
  seen_at: string | null
}

function fromRow(r: ArticleRow): StoredArticle {
  return {
    id: r.id,
    seq: r.seq,
    url: r.url,
    canonicalUrl: r.canonical_url,
    outlet: r.outlet,
    title: r.title,
    published: r.published,
    seenAt: r.seen_at,
    updated: r.updated,
    byline: r.byline,
    text: r.text,
    lang: r.lang,
    contentHash: r.content_hash,
    features: r.features,
    developmentId: r.development_id,
    copyOf: r.copy_of,
    explain: r.explain,
    ingestedAt: r.ingested_at,
    revisedAt: r.revised_at,
  }
}

/** One article by id (a merged id is not an article id, so no alias lookup here). */
export async function getArticle(db: D1Database, id: string): Promise<StoredArticle | null> {
  const row = await db.prepare('SELECT * FROM articles WHERE id = ?').bind(id).first<ArticleRow>()
  return row ? fromRow(row) : null
}

/**
 * Known articles matching any of the given canonical URLs or (outlet, content hash) pairs:
 * the dedup lookup that makes ingest idempotent, as a read to send with others
 * (src/store/reads.ts). Both go through unique indexes: the cost is the batch's, never the
 * store's size.
 */
export function knownArticlesRead(
  db: D1Database,
  keys: { canonicalUrl: string | null; outlet: string | null; contentHash: string }[],
): Read<StoredArticle[]> {
  const urls = [...new Set(keys.map((k) => k.canonicalUrl).filter((u): u is string => u !== null))]
  // (outlet, hash) pairs, looked up through the unique index on exactly those: a lookup by hash
  // alone cannot use it and read every stored article on every batch.
  const pairs = [...new Map(keys.map((k) => [`${k.outlet ?? ''}\u0000${k.contentHash}`, [k.outlet ?? '', k.contentHash]])).values()]
  return {
    statement: db
      .prepare(
        `SELECT * FROM articles WHERE canonical_url IN (SELECT value FROM json_each(?1))
         UNION
         SELECT a.* FROM json_each(?2) j
           JOIN articles a ON ifnull(a.outlet, '') = json_extract(j.value, '$[0]') AND a.content_hash = json_extract(j.value, '$[1]')`,
      )
      .bind(JSON.stringify(urls), JSON.stringify(pairs)),
    read: (rows) => (rows as unknown as ArticleRow[]).map(fromRow),
  }
}

/**
 * Which of these canonical URLs are stored already: one indexed look-up per 100 URLs, so a poll
 * can skip its known items before any text cleaning (issue 19: a stored item cost its cleaning
 * again on every poll).
 */
export async function storedCanonicalUrls(db: D1Database, urls: readonly string[]): Promise<Set<string>> {
  const found = new Set<string>()
  for (const part of inParts([...new Set(urls)])) {
    const { results } = await db
      .prepare(`SELECT canonical_url AS url FROM articles WHERE canonical_url IN (${marks(part.length)})`)
      .bind(...part)
      .all<{ url: string }>()
    for (const r of results) found.add(r.url)
  }
  return found
}

/** A stored candidate for the fold: an article sharing index keys with a newcomer (its features are read apart, once: candidate sets overlap). */
export interface CandidateRef {
  articleId: string
  developmentId: string
  storyId: string
  seq: number
  /** How many of the newcomer's index keys it is posted under. */
  shared: number
}

/** What one article of a batch asks the postings index: its index keys, each with how many of its newest postings count. */
export type CandidateQuery = readonly (readonly [key: string, cap: number])[]

/**
 * The stored candidates of every new article of a batch, as one read (src/store/reads.ts):
 * `queries[i]` gives article i's index keys, each with how many of its newest postings count
 * (so a fold costs the same however much history a common key has gathered; the in-memory
 * Folder applies the same cap). Entry i of the answer is article i's candidates: the articles
 * posted under its keys, ranked by how many they share, then newest first, at most `limit`; the
 * set the cluster core decides among, never a scan of history. Their features: {@link featuresRead}.
 */
export function candidatesRead(db: D1Database, queries: readonly CandidateQuery[], limit: number): Read<CandidateRef[][]> {
  const wanted = queries.flatMap((q, i) => [...new Map(q)].filter(([, cap]) => cap > 0).map(([key, cap]) => [i, key, cap]))
  return {
    // Each posting list is ranked once, however many articles of the batch ask for it.
    statement: db
      .prepare(
        `WITH w AS (SELECT json_extract(value, '$[0]') AS i, json_extract(value, '$[1]') AS key, json_extract(value, '$[2]') AS cap FROM json_each(?2)),
              keys AS (SELECT DISTINCT key FROM w),
              ranked AS (SELECT q.key AS key, q.seq AS seq, ROW_NUMBER() OVER (PARTITION BY q.key ORDER BY q.seq DESC) AS rn
                           FROM keys JOIN postings q ON q.key = keys.key),
              p AS (SELECT w.i AS i, r.seq AS seq, COUNT(*) AS shared FROM w JOIN ranked r ON r.key = w.key AND r.rn <= w.cap
                     GROUP BY w.i, r.seq),
              top AS (SELECT i, seq, shared, ROW_NUMBER() OVER (PARTITION BY i ORDER BY shared DESC, seq DESC) AS place FROM p)
         SELECT top.i AS i, a.id AS articleId, a.development_id AS developmentId, d.story_id AS storyId, a.seq AS seq, top.shared AS shared
           FROM top
           JOIN articles a ON a.seq = top.seq
           JOIN developments d ON d.id = a.development_id
           JOIN stories s ON s.id = d.story_id
          WHERE top.place <= ?1
          ORDER BY top.i, top.shared DESC, a.seq DESC`,
      )
      .bind(limit, JSON.stringify(wanted)),
    read: (rows) => {
      const out: CandidateRef[][] = queries.map(() => [])
      for (const { i, ...c } of rows as unknown as (CandidateRef & { i: number })[]) out[i]?.push(c)
      return out
    },
  }
}

/** Stored features (JSON) of the articles with these arrival seqs, as one read: seq → features. */
export function featuresRead(db: D1Database, seqs: readonly number[]): Read<Map<number, string>> {
  return {
    statement: db.prepare('SELECT seq, features FROM articles WHERE seq IN (SELECT value FROM json_each(?1))').bind(JSON.stringify([...new Set(seqs)])),
    read: (rows) => new Map((rows as { seq: number; features: string }[]).map((r) => [r.seq, r.features])),
  }
}

/**
 * Statement trimming the posting lists of `keys` to their newest `keep` articles. Older postings
 * can never be candidates again (only the newest POSTING_CAP per key count, and a batch adds at
 * most its own size), so this bounds both the table and the cost of every candidate lookup.
 */
export function trimPostings(db: D1Database, keys: string[], keep: number): D1PreparedStatement {
  return db
    .prepare(
      `DELETE FROM postings WHERE (key, seq) IN (
         SELECT key, seq FROM (SELECT key, seq, ROW_NUMBER() OVER (PARTITION BY key ORDER BY seq DESC) AS rn
                                 FROM postings WHERE key IN (SELECT value FROM json_each(?1)))
          WHERE rn > ?2)`,
    )
    .bind(JSON.stringify([...new Set(keys)]), keep)
}

/** Every article of the given developments, oldest first: the input to describing them. */
export async function articlesOfDevelopments(db: D1Database, developmentIds: string[]): Promise<StoredArticle[]> {
  const out: StoredArticle[] = []
  for (const part of inParts([...new Set(developmentIds)])) {
    const { results } = await db
      .prepare(`SELECT * FROM articles WHERE development_id IN (${marks(part.length)}) ORDER BY seq`)
      .bind(...part)
      .all<ArticleRow>()
    out.push(...results.map(fromRow))
  }
  return out.sort((a, b) => a.seq - b.seq)
}

/**
 * Articles by id, oldest first (ids not stored are left out): the reports a development's entry
 * lists, which is all the pipeline reads to re-describe it (src/service/listed-reports.ts), however many
 * articles it has.
 */
export async function articlesById(db: D1Database, ids: string[]): Promise<StoredArticle[]> {
  if (ids.length === 0) return []
  return readOne(db, articlesByIdRead(db, ids))
}

/** {@link articlesById} as a read to send with others (src/store/reads.ts). */
export function articlesByIdRead(db: D1Database, ids: string[]): Read<StoredArticle[]> {
  return {
    statement: db.prepare('SELECT * FROM articles WHERE id IN (SELECT value FROM json_each(?1)) ORDER BY seq').bind(JSON.stringify([...new Set(ids)])),
    read: (rows) => (rows as unknown as ArticleRow[]).map(fromRow),
  }
}

/**
 * Statements removing an article, its postings (so its words no longer bring it up as a
 * candidate) and every copy's pointer to it (a copy of a removed report is its outlet's own
 * report from then on).
 */
export function deleteArticle(db: D1Database, a: Pick<StoredArticle, 'id' | 'seq'>): D1PreparedStatement[] {
  return [
    db.prepare('DELETE FROM postings WHERE seq = ?').bind(a.seq),
    db.prepare('UPDATE articles SET copy_of = NULL WHERE copy_of = ?').bind(a.id),
    db.prepare('DELETE FROM articles WHERE id = ?').bind(a.id),
  ]
}

/** Articles of one development, for the JSON API. */
/**
 * One page of a development's articles in arrival order: at most `limit` with an arrival sequence
 * number above `afterSeq` (0 for the first page), and the sequence number to continue after, or
 * null on the last page. One query whatever the development's size (a live event can gather
 * thousands of articles, too many for one response).
 */
export async function pageArticlesOfDevelopment(
  db: D1Database,
  developmentId: string,
  limit: number,
  afterSeq = 0,
): Promise<{ articles: StoredArticle[]; nextSeq: number | null }> {
  const { results } = await db
    .prepare('SELECT * FROM articles WHERE development_id = ? AND seq > ? ORDER BY seq LIMIT ?')
    .bind(developmentId, afterSeq, limit + 1)
    .all<ArticleRow>()
  const articles = results.slice(0, limit).map(fromRow)
  return { articles, nextSeq: results.length > limit ? (articles[articles.length - 1] as StoredArticle).seq : null }
}

/** The highest arrival sequence number so far (0 when empty), as a read to send with others (src/store/reads.ts). */
export function maxSeqRead(db: D1Database): Read<number> {
  return { statement: db.prepare('SELECT ifnull(MAX(seq), 0) AS m FROM articles'), read: (rows) => (rows[0]?.m as number | undefined) ?? 0 }
}

/** Statement inserting a new article and its postings. */
export function insertArticle(db: D1Database, a: StoredArticle, keys: string[]): D1PreparedStatement[] {
  const stmts = [
    db
      .prepare(
        `INSERT INTO articles (id, seq, url, canonical_url, outlet, title, published, updated, byline, text, lang,
           content_hash, features, development_id, copy_of, explain, ingested_at, revised_at, seen_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .bind(
        a.id, a.seq, a.url, a.canonicalUrl, a.outlet, a.title, a.published, a.updated, a.byline, a.text, a.lang,
        a.contentHash, a.features, a.developmentId, a.copyOf, a.explain, a.ingestedAt, a.revisedAt, a.seenAt ?? null,
      ),
  ]
  const uniq = [...new Set(keys)]
  for (const part of inParts(uniq)) {
    stmts.push(
      db
        .prepare(`INSERT OR IGNORE INTO postings (key, seq) VALUES ${part.map(() => '(?, ?)').join(',')}`)
        .bind(...part.flatMap((k) => [k, a.seq])),
    )
  }
  return stmts
}

/** Statement revising a known article in place (a correction: same URL, new text). */
export function reviseArticle(db: D1Database, a: StoredArticle): D1PreparedStatement {
  return db
    .prepare(
      `UPDATE articles SET title = ?, published = ?, updated = ?, byline = ?, text = ?, lang = ?, content_hash = ?,
              url = ?, revised_at = ? WHERE id = ?`,
    )
    .bind(a.title, a.published, a.updated, a.byline, a.text, a.lang, a.contentHash, a.url, a.revisedAt, a.id)
}

/** Statement revising the fold features and postings of a corrected article. */
export function refeaturizeArticle(db: D1Database, seq: number, features: string, keys: string[]): D1PreparedStatement[] {
  const stmts = [
    db.prepare('UPDATE articles SET features = ? WHERE seq = ?').bind(features, seq),
    db.prepare('DELETE FROM postings WHERE seq = ?').bind(seq),
  ]
  for (const part of inParts([...new Set(keys)])) {
    stmts.push(
      db
        .prepare(`INSERT OR IGNORE INTO postings (key, seq) VALUES ${part.map(() => '(?, ?)').join(',')}`)
        .bind(...part.flatMap((k) => [k, seq])),
    )
  }
  return stmts
}
