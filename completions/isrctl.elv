
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
            cand --trace 'Replay a request trace: CSV with time and path columns, `-` for stdin, .gz/.zst by extension'
            cand --trace-format 'Trace line format'
            cand --workload 'Synthetic workload: zipf:alpha=1.0,keys=100000,rate=1000/s,duration=1h[,changes=10/day][,path=/p/{}]'
            cand --compare 'Run the same workload under several strategies: ssg, isr, isr+ondemand, ssr'
            cand --sweep 'Tabulate a range of TTLs: revalidate=10s..1h'
            cand --max-staleness 'Staleness budget for --sweep: recommend the largest TTL whose worst staleness fits'
            cand --csv 'Also write the --compare or --sweep rows as CSV to this file'
            cand --seed 'Seed for random choices (render-time distributions, failures, workloads)'
            cand --color 'When to use colour in tables and messages'
            cand --format 'Output format: tables for people, JSON or one JSON object per line for scripts'
            cand --on-demand 'Quick-flag paths are not prerendered: the first request renders (MISS)'
            cand --keep-query 'Keep the query string in the cache key (Next.js ignores it)'
            cand --skip-bad-lines 'Count and skip malformed trace lines instead of stopping at the first'
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
            cand completions 'Print a shell completion script to stdout'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'isrctl;help;simulate'= {
        }
        &'isrctl;help;completions'= {
        }
        &'isrctl;help;help'= {
        }
    ]
    $completions[$command]
}
