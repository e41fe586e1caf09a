package io.groupmailbox.server.search;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import org.apache.james.mailbox.model.SearchQuery;
import org.apache.james.mailbox.model.SearchQuery.AddressOperator;
import org.apache.james.mailbox.model.SearchQuery.ContainsOperator;
import org.apache.james.mailbox.model.SearchQuery.Criterion;
import org.apache.james.mailbox.model.SearchQuery.HeaderCriterion;
import org.apache.james.mailbox.model.SearchQuery.TextCriterion;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.FilteredTermEnum;
import org.apache.lucene.search.MatchAllDocsQuery;
import org.apache.lucene.search.MultiTermQuery;
import org.apache.lucene.search.PrefixQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.TermQuery;

/**
 * The Lucene queries for the text criteria of IMAP SEARCH (BODY, TEXT, SUBJECT, FROM, TO, CC, BCC, HEADER), over
 * the documents James 3.8.1's index writes, and over the decoded headers beside them ({@link DecodedHeaders}): each field is split at white space, upper-cased, and indexed as single
 * words and as runs of two to four words (shingles).
 *
 * <p>IMAP SEARCH matches a substring (RFC 3501 6.4.4). James asks for the whole search string as the prefix of one
 * indexed term, so a string of more than four words, which no shingle holds, matched nothing, and an address never
 * matched by its domain or by part of its local part (the term is {@code <CUSTOMER@OUTSIDE.TEST>}). Here:
 * <ul>
 *   <li>a string of more than four words is cut into runs of four words, each one overlapping the next by a word;
 *   every run must be in the field, the last one as a prefix;</li>
 *   <li>in the address fields and the subject, a run may stand anywhere inside an indexed term (a substring of the
 *   term), so {@code example.com}, {@code customer} and {@code ticket} in {@code [ticket#42]} match;</li>
 *   <li>in the body and the whole text, whose vocabulary is too large to scan at each search, a run matches at the
 *   start of a word: {@code invoice} finds {@code invoices}, not {@code reinvoice}.</li>
 * </ul>
 */
final class TextQueries {

    /** Field names of James 3.8.1's Lucene documents. */
    private static final String BODY = "body";
    private static final String HEADERS = "headers";
    private static final String HEADER_PREFIX = "header_";
    private static final int SHINGLE = 4;
    /** Headers that hold addresses (or a subject), matched anywhere inside a term. */
    private static final Set<String> SUBSTRING_HEADERS = Set.of("FROM", "TO", "CC", "BCC", "SENDER", "REPLY-TO",
        "RESENT-FROM", "RESENT-TO", "RESENT-CC", "RESENT-BCC", "RESENT-SENDER", "DELIVERED-TO", "RETURN-PATH", "SUBJECT");

    private TextQueries() {
    }

    /** The query for a text criterion, or empty for a criterion that is not one (James's index answers it). */
    static Optional<Query> of(Criterion criterion) {
        if (criterion instanceof SearchQuery.SubjectCriterion subject) {
            return of(subject.asHeaderCriterion());
        }
        if (criterion instanceof TextCriterion text) {
            String value = text.getOperator().getValue();
            return switch (text.getType()) {
                case BODY -> Optional.of(matching(BODY, value, false));
                // the whole text: its words, and the addresses inside their terms, as FROM and TO match them
                case FULL -> Optional.of(either(matching(BODY, value, false), matching(HEADERS, value, false),
                    matching(DecodedHeaders.HEADERS, value, false), matching("from", value, true),
                    matching("to", value, true), matching("cc", value, true)));
                default -> Optional.empty();  // attachments: James's index (which does not index them: none match)
            };
        }
        if (criterion instanceof HeaderCriterion header) {
            String name = header.getHeaderName().toUpperCase(Locale.US);
            if (header.getOperator() instanceof ContainsOperator contains) {
                boolean inside = SUBSTRING_HEADERS.contains(name);
                return Optional.of(either(matching(HEADER_PREFIX + name, contains.getValue(), inside),
                    matching(DecodedHeaders.HEADER_PREFIX + name, contains.getValue(), inside)));
            }
            if (header.getOperator() instanceof AddressOperator address) {
                // James's address field holds each mailbox ("NAME <LOCAL@DOMAIN>") and the raw header value
                return Optional.of(either(matching(name.toLowerCase(Locale.US), address.getAddress(), true),
                    matching(DecodedHeaders.HEADER_PREFIX + name, address.getAddress(), true)));
            }
        }
        return Optional.empty();
    }

    private static Query either(Query... queries) {
        BooleanQuery query = new BooleanQuery();
        for (Query one : queries) {
            query.add(one, Occur.SHOULD);
        }
        return query;
    }

    static Query matching(String field, String value, boolean insideTerms) {
        String[] words = value.toUpperCase(Locale.US).trim().split("\\s+");
        if (words.length == 1 && words[0].isEmpty()) {
            return new MatchAllDocsQuery();  // the empty string is in every message
        }
        List<String> runs = runs(words);
        BooleanQuery query = new BooleanQuery();
        for (int i = 0; i < runs.size(); i++) {
            boolean last = i == runs.size() - 1;
            Term term = new Term(field, runs.get(i));
            Query run;
            if (insideTerms) {
                run = new ContainsQuery(term);
            } else if (last) {
                run = new PrefixQuery(term);
            } else {
                run = new TermQuery(term);
            }
            query.add(run, Occur.MUST);
        }
        return runs.size() == 1 ? query.clauses().get(0).getQuery() : query;
    }

    /** Runs of at most four words covering the words, each overlapping the next by one word. */
    static List<String> runs(String[] words) {
        List<String> runs = new ArrayList<>();
        int start = 0;
        while (true) {
            int end = Math.min(start + SHINGLE, words.length);
            runs.add(String.join(" ", List.of(words).subList(start, end)));
            if (end == words.length) {
                return runs;
            }
            start = end - 1;
        }
    }

    /** The terms of a field that contain a string. Scans the field's vocabulary. */
    static final class ContainsQuery extends MultiTermQuery {

        private final Term term;

        ContainsQuery(Term term) {
            this.term = term;
        }

        @Override
        protected FilteredTermEnum getEnum(IndexReader reader) throws IOException {
            return new FilteredTermEnum() {
                private boolean end;

                {
                    setEnum(reader.terms(new Term(term.field(), "")));
                }

                @Override
                protected boolean termCompare(Term candidate) {
                    if (candidate.field().equals(term.field())) {
                        return candidate.text().contains(term.text());
                    }
                    end = true;
                    return false;
                }

                @Override
                public float difference() {
                    return 1.0f;
                }

                @Override
                protected boolean endEnum() {
                    return end;
                }
            };
        }

        @Override
        public String toString(String field) {
            return term.field() + ":*" + term.text() + "*";
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof ContainsQuery contains && contains.term.equals(term) && super.equals(other);
        }

        @Override
        public int hashCode() {
            return 31 * super.hashCode() + term.hashCode();
        }
    }
}
