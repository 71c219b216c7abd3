#!/bin/bash
# slowdex fingerprint against the installed pt-fingerprint (Percona Toolkit 3.2.1) on every statement
# of the corpus slow logs (t/lib/samples/slowlogs/*) and on fingerprint-cases.tsv. slowdex follows
# pt-query-digest 3.5.7, so the only differences allowed are the two known changes since 3.2.1:
#   PT-1900 (3.3.0): backslash escapes and quoted strings are handled differently — 3.2.1 removes
#     `\'`/`\"` only and replaces `".*?"`/`'.*?'` anywhere; 3.5.7 also removes `\\` and needs a byte
#     before a string. Allowed when the statement holds a backslash, starts with a quote, or holds
#     two adjacent quotes.
#   TRUE/FALSE: `s/\bfalse\b|\btrue\b/?/isg` is in pt-query-digest but absent from pt-fingerprint
#     3.2.1. Allowed when the statement holds the word true or false.
# Skips (77) without pt-fingerprint or ../shared.
set -u
command -v pt-fingerprint >/dev/null || { echo "skip: pt-fingerprint is not installed"; exit 77; }
P="$SHARED/corpus/percona"
[ -d "$P/t/lib/samples/slowlogs" ] || { echo "skip: $P is absent"; exit 77; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# Statements, NUL-terminated: the non-header lines of each event of each slow log (without the
# `use db;` and `SET timestamp` lines the server adds, and the trailing `;`), then the TSV queries.
perl -e '
    use strict;
    binmode STDOUT;
    my @out;
    sub flush { my $q = join("", @{$_[0]}); $q =~ s/\n+\z//; $q =~ s/;\z//; push @out, $q if $q =~ /\S/; @{$_[0]} = (); }
    for my $f (glob("$ARGV[0]/t/lib/samples/slowlogs/*")) {
        my $fh;
        if ($f =~ /\.gz\z/) { open($fh, "-|", "gzip", "-dc", $f) or next } else { open($fh, "<", $f) or next }
        binmode $fh;
        my @cur;
        while (my $l = <$fh>) {
            if ($l =~ /^#/ || $l =~ /^SET timestamp=/ || $l =~ /^use \w+;$/) { flush(\@cur); next }
            push @cur, $l;
        }
        flush(\@cur);
    }
    open(my $t, "<", "$ARGV[0]/fingerprint-cases.tsv") or die;
    <$t>;
    while (my $l = <$t>) {
        chomp $l;
        my ($q) = split /\t/, $l;
        $q =~ s/\\(.)/$1 eq "t" ? "\t" : $1 eq "n" ? "\n" : $1 eq "r" ? "\r" : $1/ge;
        push @out, $q;
    }
    # What both tools read alike: pt-fingerprint splits its file on ";\n", drops "#" lines, leading
    # space and records not starting with a word character. A multi-line statement goes to slowdex
    # as an argument, so it must stay under the kernel limit of 128 KB (only the 1.2 MB INSERT of
    # slow040 does not, and the unit test checks it).
    for my $q (@out) {
        next if ($q =~ /\n/ && length($q) > 100000) || $q =~ /;\n/ || $q =~ /^#./m || $q !~ /^\w/ || $q =~ /[\n;\r]\z/ || $q =~ /\0/;
        print $q, "\0";
    }
' "$P" >"$tmp/stmts" || { echo "FAIL: extracting statements"; exit 1; }

# pt-fingerprint in file mode, all at once; slowdex in line mode for one-line statements (one batch)
# and with --query for multi-line ones.
perl -e 'binmode STDIN; binmode STDOUT; local $/ = "\0"; while (<STDIN>) { chop; print "$_;\n" }' \
    <"$tmp/stmts" >"$tmp/pt-in"
pt-fingerprint "$tmp/pt-in" >"$tmp/pt-out" || { echo "FAIL: pt-fingerprint"; exit 1; }
perl -e '
    binmode STDIN; local $/ = "\0"; my $i = 0;
    open(my $lines, ">", "$ARGV[0]/lines") or die; open(my $multi, ">", "$ARGV[0]/multi") or die;
    binmode $lines; binmode $multi;
    while (<STDIN>) { chop; if (/\n/) { print $multi "$i\0$_\0" } else { print $lines "$i\t$_\n" } $i++ }
' "$tmp" <"$tmp/stmts"
cut -f2- "$tmp/lines" | "$SLOWDEX" fingerprint | cut -f2- | paste -d '\t' <(cut -f1 "$tmp/lines") - >"$tmp/sd-lines"
: >"$tmp/sd-multi"
while IFS= read -r -d '' i && IFS= read -r -d '' q; do
    printf '%s\t%s\n' "$i" "$("$SLOWDEX" fingerprint --query "$q" | cut -f2-)" >>"$tmp/sd-multi"
done <"$tmp/multi"
sort -n -k1,1 "$tmp/sd-lines" "$tmp/sd-multi" | cut -f2- >"$tmp/sd-out"

n=$(wc -l <"$tmp/pt-out"); m=$(wc -l <"$tmp/sd-out")
[ "$n" = "$m" ] && [ "$n" -gt 1000 ] || { echo "FAIL: $n pt-fingerprint lines, $m slowdex lines"; exit 1; }

perl -e '
    use strict; binmode STDOUT;
    my ($stmts, $pt, $sd) = @ARGV;
    open(my $s, "<", $stmts) or die; binmode $s; my @q = do { local $/ = "\0"; map { chop; $_ } <$s> };
    open(my $a, "<", $pt) or die; my @a = <$a>; open(my $b, "<", $sd) or die; my @b = <$b>;
    my ($same, $pt1900, $bool, $bad) = (0, 0, 0, 0);
    for my $i (0 .. $#q) {
        if ($a[$i] eq $b[$i]) { $same++; next }
        if ($q[$i] =~ /\\/ || $q[$i] =~ /\A[\x27"]/ || $q[$i] =~ /\x27\x27|""/) { $pt1900++; next }
        if ($q[$i] =~ /\b(?:true|false)\b/i) { $bool++; next }
        $bad++;
        print "UNEXPLAINED DIFFERENCE:\n  query:          ", substr($q[$i], 0, 300), "\n  pt-fingerprint: $a[$i]  slowdex:        $b[$i]";
    }
    print "fingerprint_vs_pt: ", scalar(@q), " statements: $same identical, $pt1900 differ by PT-1900, $bool by TRUE/FALSE, $bad unexplained\n";
    exit($bad ? 1 : 0);
' "$tmp/stmts" "$tmp/pt-out" "$tmp/sd-out"
