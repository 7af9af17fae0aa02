
use builtin;
use str;

set edit:completion:arg-completer[isrctl] = {|@words|
    fn spaces {|n|
        builtin:repeat $n ' ' | str:join ''
    }
    fn cand {|text desc|
        edit:complex-candidate $text &display=$text' '(spaces (- 14 (wcswidth $text)))$desc
    }
    var command = 'isrctl'
    for word $words[1..-1] {
        if (str:has-prefix $word '-') {
            break
        }
        set command = $command';'$word
    }
    var completions = [
        &'isrctl'= {
            cand --color 'When to use colour in tables and messages'
            cand --format 'Output format: tables for people, JSON or one JSON object per line for scripts'
            cand -q 'Print only errors and the essential result'
            cand --quiet 'Print only errors and the essential result'
            cand -v 'Say more about what is happening (repeat for more); secrets are never printed'
            cand --verbose 'Say more about what is happening (repeat for more); secrets are never printed'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand simulate 'Run the deterministic stale-while-revalidate / ISR simulator'
            cand probe 'Watch URLs over time: cache states, transitions, content versions, TTL and lints'
            cand completions 'Print a shell completion script to stdout'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'isrctl;simulate'= {
            cand --revalidate 'Route revalidate period: a duration, 0 (render every request) or false (never)'
            cand --at 'Request times, comma-separated (`0,45,1m5s`); every --path is requested at each'
            cand --path 'Path to request (repeatable)'
            cand --render-time 'Render time of a page (default 200ms)'
            cand --expire 'Total age limit of an entry (Next.js expireTime; for cdn s-maxage + stale-while-revalidate)'
            cand --platform 'Platform profile'
            cand --built-ago 'The build finished this long before t=0 (prerendered entries are that old at the start)'
            cand --seed 'Seed for random choices (render-time distributions, failures, workloads)'
            cand --color 'When to use colour in tables and messages'
            cand --format 'Output format: tables for people, JSON or one JSON object per line for scripts'
            cand --on-demand 'Quick-flag paths are not prerendered: the first request renders (MISS)'
            cand --timeline 'Always print the per-request timeline'
            cand --summary 'Print only the summary, never the timeline'
            cand -q 'Print only errors and the essential result'
            cand --quiet 'Print only errors and the essential result'
            cand -v 'Say more about what is happening (repeat for more); secrets are never printed'
            cand --verbose 'Say more about what is happening (repeat for more); secrets are never printed'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'isrctl;probe'= {
            cand --interval 'Time between requests to the same URL'
            cand --duration 'How long to probe (default 60s unless --count is given)'
            cand --count 'Requests per URL'
            cand --until 'Stop at the first sample in STATE (HIT, STALE, MISS, ...) or with changed content ("changed"); exit 6 if it never comes'
            cand --expect 'Expected state sequence after collapsing repeats, e.g. MISS,HIT,STALE,HIT; exit 6 if not'
            cand --sitemap 'Read the URL list from a sitemap.xml (sitemap indexes are followed)'
            cand --concurrency 'At most this many requests in flight at once'
            cand --timeout 'Per-request timeout (connect, headers and body)'
            cand -H 'Extra request header (repeatable)'
            cand --header 'Extra request header (repeatable)'
            cand --method 'Request method; HEAD identifies content by ETag/Last-Modified only'
            cand --resolve 'Send HOST:PORT to ADDR instead of resolving it (like curl), e.g. to probe one POP'
            cand --color 'When to use colour in tables and messages'
            cand --format 'Output format: tables for people, JSON or one JSON object per line for scripts'
            cand --once 'One request per URL and a full explanation of its cache headers'
            cand -k 'Accept invalid TLS certificates'
            cand --insecure 'Accept invalid TLS certificates'
            cand --fail-on-lint 'Exit 6 when any lint fires'
            cand -q 'Print only errors and the essential result'
            cand --quiet 'Print only errors and the essential result'
            cand -v 'Say more about what is happening (repeat for more); secrets are never printed'
            cand --verbose 'Say more about what is happening (repeat for more); secrets are never printed'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'isrctl;completions'= {
            cand --out-dir 'Write the script into this directory instead of stdout'
            cand --color 'When to use colour in tables and messages'
            cand --format 'Output format: tables for people, JSON or one JSON object per line for scripts'
            cand -q 'Print only errors and the essential result'
            cand --quiet 'Print only errors and the essential result'
            cand -v 'Say more about what is happening (repeat for more); secrets are never printed'
            cand --verbose 'Say more about what is happening (repeat for more); secrets are never printed'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'isrctl;help'= {
            cand simulate 'Run the deterministic stale-while-revalidate / ISR simulator'
            cand probe 'Watch URLs over time: cache states, transitions, content versions, TTL and lints'
            cand completions 'Print a shell completion script to stdout'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'isrctl;help;simulate'= {
        }
        &'isrctl;help;probe'= {
        }
        &'isrctl;help;completions'= {
        }
        &'isrctl;help;help'= {
        }
    ]
    $completions[$command]
}
