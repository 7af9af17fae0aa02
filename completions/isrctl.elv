
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
            cand --config 'Read targets from this isrctl.toml instead of ./isrctl.toml or $XDG_CONFIG_HOME/isrctl/'
            cand -q 'Print only errors and the essential result'
            cand --quiet 'Print only errors and the essential result'
            cand -v 'Say more about what is happening (repeat for more); secrets are never printed'
            cand --verbose 'Say more about what is happening (repeat for more); secrets are never printed'
            cand --no-config 'Do not read any isrctl.toml'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand simulate 'Run the deterministic stale-while-revalidate / ISR simulator'
            cand probe 'Watch URLs over time: cache states, transitions, content versions, TTL and lints'
            cand revalidate 'Ask the app to regenerate paths or tags (its revalidation route or the bypass header)'
            cand purge 'Ask a CDN or cache to drop or mark stale: vercel, cloudflare, fastly, netlify, http'
            cand completions 'Print a shell completion script to stdout'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'isrctl;simulate'= {
            cand --revalidate 'Route revalidate period: a duration, 0 (render every request) or false (never)'
            cand --at 'Request times, comma-separated (`0,45,1m5s`); every --path is requested at each'
            cand --path 'Path to request (repeatable)'
            cand --render-time 'Render time of a page (default 200ms)'
            cand --expire 'Total age limit of an entry (Next.js expireTime; for cdn s-maxage + stale-while-revalidate)'
            cand --next-build 'Routes from a Next.js build (`.next` after `next build`): revalidate, expire, prerendered paths, dynamic routes; static files, API routes and redirects are counted, not simulated'
            cand --platform 'Platform profile'
            cand --built-ago 'The build finished this long before t=0 (prerendered entries are that old at the start)'
            cand --trace 'Replay a request trace: CSV with a header, nginx/Apache access log or JSON lines (the format is detected), `-` for stdin, .gz/.zst by extension'
            cand --trace-format 'Trace line format; auto detects it from the first lines'
            cand --reorder-window 'Trace lines up to this much out of time order are put back in order; lines later than that, and lone far-future outliers, are counted and skipped'
            cand --workload 'Synthetic workload: zipf:alpha=1.0,keys=100000,rate=1000/s,duration=1h[,changes=10/day][,path=/p/{}]'
            cand --compare 'Run the same workload under several strategies (ssg, isr, isr+ondemand, ssr) or revalidate values (revalidate=10s,5m,1h)'
            cand --sweep 'Tabulate TTLs: a range (revalidate=10s..1h) or a list (revalidate=10s,1m,5m)'
            cand --max-staleness 'Staleness budget for --sweep (or --compare revalidate=…): recommend the largest TTL whose worst staleness fits (10m), or whose p99/p95/mean staleness fits (p95=10m); exit 6 when none does'
            cand --plot 'Draw the --compare or --sweep rows as an SVG picture in this file (a sweep: renders per hour against staleness p95, the recommended TTL ringed)'
            cand --csv 'Also write the --compare or --sweep rows as CSV to this file'
            cand --seed 'Seed for random choices (render-time distributions, failures, workloads)'
            cand --color 'When to use colour in tables and messages'
            cand --format 'Output format: tables for people, JSON or one JSON object per line for scripts'
            cand --config 'Read targets from this isrctl.toml instead of ./isrctl.toml or $XDG_CONFIG_HOME/isrctl/'
            cand --on-demand 'Quick-flag paths are not prerendered: the first request renders (MISS)'
            cand --keep-query 'Keep the query string in the cache key (Next.js ignores it)'
            cand --skip-bad-lines 'Accepted for old scripts: lines that cannot be read are always counted and skipped now'
            cand --strict 'Stop (exit 2, with file:line) at the first trace line that cannot be read, is out of order by more than the reorder window or is an outlier, instead of counting and skipping it'
            cand --timeline 'Always print the per-request timeline'
            cand --summary 'Print only the summary, never the timeline'
            cand -q 'Print only errors and the essential result'
            cand --quiet 'Print only errors and the essential result'
            cand -v 'Say more about what is happening (repeat for more); secrets are never printed'
            cand --verbose 'Say more about what is happening (repeat for more); secrets are never printed'
            cand --no-config 'Do not read any isrctl.toml'
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
            cand --config 'Read targets from this isrctl.toml instead of ./isrctl.toml or $XDG_CONFIG_HOME/isrctl/'
            cand --once 'One request per URL and a full explanation of its cache headers'
            cand -k 'Accept invalid TLS certificates'
            cand --insecure 'Accept invalid TLS certificates'
            cand --fail-on-lint 'Exit 6 when any lint fires'
            cand -q 'Print only errors and the essential result'
            cand --quiet 'Print only errors and the essential result'
            cand -v 'Say more about what is happening (repeat for more); secrets are never printed'
            cand --verbose 'Say more about what is happening (repeat for more); secrets are never printed'
            cand --no-config 'Do not read any isrctl.toml'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'isrctl;revalidate'= {
            cand --target 'Use the named target from isrctl.toml (endpoint, secret variable, verify URLs)'
            cand --path 'A path to revalidate (one request each; repeatable)'
            cand --tag 'A tag to revalidate (one request each; repeatable)'
            cand --endpoint 'The app''s revalidation route, e.g. https://example.com/api/revalidate'
            cand --secret-env 'Read the secret from this environment variable (ISRCTL_SECRET is used when no source is given)'
            cand --secret-file 'Read the secret from this file (first line)'
            cand --secret-in 'Where the app expects the secret [default: body]'
            cand --secret-name 'The secret''s field, query parameter or header name [default: secret]'
            cand --body 'Request shape: JSON body ({"path": ..}) or query string [default: json, query for GET]'
            cand --param 'An extra field the app expects, e.g. type=layout or profile=max (repeatable)'
            cand --method 'HTTP method for the endpoint (POST, GET, ...) or for --bypass (GET or HEAD) [default: POST for --endpoint, GET for --bypass]'
            cand --bypass 'Re-render this page now with the x-prerender-revalidate header (repeatable)'
            cand --bypass-token-env 'Environment variable holding the bypass token (Vercel, >= 32 chars) or the self-hosted preview-mode id from .next/prerender-manifest.json [default: ISRCTL_BYPASS_TOKEN]'
            cand --concurrency 'Requests in flight at once'
            cand --retries 'Retries per request on 429, 5xx and network errors (exponential backoff with jitter, honouring Retry-After)'
            cand --timeout 'Per-request timeout'
            cand --retry-base-delay 'First retry wait, usually from ISRCTL_RETRY_BASE_DELAY (the test-suite sets 5ms) [default: 500ms]'
            cand --verify 'After the call, watch this URL until its content changes (repeatable)'
            cand --verify-timeout 'Give up verifying after this long (exit 6)'
            cand --verify-interval 'How often to request a --verify URL'
            cand --color 'When to use colour in tables and messages'
            cand --format 'Output format: tables for people, JSON or one JSON object per line for scripts'
            cand --config 'Read targets from this isrctl.toml instead of ./isrctl.toml or $XDG_CONFIG_HOME/isrctl/'
            cand --dry-run 'Print the exact requests (secrets as ***) and send nothing'
            cand --curl 'Print the requests as curl commands (secrets as $VAR references) and send nothing'
            cand -q 'Print only errors and the essential result'
            cand --quiet 'Print only errors and the essential result'
            cand -v 'Say more about what is happening (repeat for more); secrets are never printed'
            cand --verbose 'Say more about what is happening (repeat for more); secrets are never printed'
            cand --no-config 'Do not read any isrctl.toml'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'isrctl;purge'= {
            cand --target 'Use the named target from isrctl.toml (provider, ids, token variable, verify URLs)'
            cand --tag 'A cache tag to purge (Vercel, Cloudflare, Netlify; repeatable)'
            cand --url 'A full URL to purge (Cloudflare, Fastly, http; repeatable)'
            cand --key 'A Fastly surrogate key (repeatable; sent in batches of 256)'
            cand --host 'A hostname to purge entirely (Cloudflare; repeatable)'
            cand --prefix 'A host/path prefix to purge (Cloudflare; repeatable)'
            cand --from-file 'Read items from FILE (''-'' = stdin), one per line; blank lines and # comments are ignored'
            cand --file-kind 'What the lines of --from-file are [default: the provider''s main kind: vercel/netlify tag, cloudflare/http url, fastly key]'
            cand --deadline 'Vercel --hard: keep serving stale until this deadline, then delete (e.g. 60s)'
            cand --type 'Vercel --all: which cache to purge [default: both]'
            cand --project 'Vercel project id or name'
            cand --team 'Vercel team id (team_...) or slug'
            cand --environment 'Vercel: only this environment''s cache (production or preview) [default: all]'
            cand --zone 'Cloudflare zone id'
            cand --batch-size 'Items per request: Cloudflare (default 30, at most 500), Netlify (default 100)'
            cand --service 'Fastly service id'
            cand --site 'Netlify site id or name'
            cand --method 'http: the request method (PURGE, BAN, ...) [default: PURGE]'
            cand -H 'http: an extra request header (repeatable)'
            cand --header 'http: an extra request header (repeatable)'
            cand --secret-header 'Send the secret from --token-env/--token-file (default: ISRCTL_PURGE_SECRET) in this header (e.g. X-Purge-Token), so it is never typed on the command line or shown by --dry-run'
            cand --token-env 'Read the API token from this environment variable [default: VERCEL_TOKEN, CLOUDFLARE_API_TOKEN, FASTLY_API_TOKEN, NETLIFY_AUTH_TOKEN or NETLIFY_PURGE_API_TOKEN]'
            cand --token-file 'Read the API token from this file (first line)'
            cand --base-url 'Send API calls to this root instead of the provider''s (proxies, tests)'
            cand --concurrency 'Requests in flight at once'
            cand --retries 'Retries per request on 429, 5xx and network errors (exponential backoff with jitter, honouring Retry-After)'
            cand --timeout 'Per-request timeout'
            cand --retry-base-delay 'First retry wait, usually from ISRCTL_RETRY_BASE_DELAY (the test-suite sets 5ms) [default: 500ms]'
            cand --verify 'After the call, watch this URL until its content changes (repeatable)'
            cand --verify-timeout 'Give up verifying after this long (exit 6)'
            cand --verify-interval 'How often to request a --verify URL'
            cand --color 'When to use colour in tables and messages'
            cand --format 'Output format: tables for people, JSON or one JSON object per line for scripts'
            cand --config 'Read targets from this isrctl.toml instead of ./isrctl.toml or $XDG_CONFIG_HOME/isrctl/'
            cand --all 'Purge everything (Vercel project, Fastly service, Netlify site); needs --yes without a terminal'
            cand --everything 'Purge everything in the Cloudflare zone; needs --yes without a terminal'
            cand -y 'Confirm --all/--everything without a prompt'
            cand --yes 'Confirm --all/--everything without a prompt'
            cand --hard 'Vercel: delete instead of marking stale (dangerously-delete-by-tags)'
            cand --soft 'Mark stale instead of deleting (Fastly Fastly-Soft-Purge; Cloudflare invalidate_cache)'
            cand --dry-run 'Print the exact requests (secrets as ***) and send nothing'
            cand --curl 'Print the requests as curl commands (secrets as $VAR references) and send nothing'
            cand -q 'Print only errors and the essential result'
            cand --quiet 'Print only errors and the essential result'
            cand -v 'Say more about what is happening (repeat for more); secrets are never printed'
            cand --verbose 'Say more about what is happening (repeat for more); secrets are never printed'
            cand --no-config 'Do not read any isrctl.toml'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'isrctl;completions'= {
            cand --out-dir 'Write the script into this directory instead of stdout'
            cand --color 'When to use colour in tables and messages'
            cand --format 'Output format: tables for people, JSON or one JSON object per line for scripts'
            cand --config 'Read targets from this isrctl.toml instead of ./isrctl.toml or $XDG_CONFIG_HOME/isrctl/'
            cand -q 'Print only errors and the essential result'
            cand --quiet 'Print only errors and the essential result'
            cand -v 'Say more about what is happening (repeat for more); secrets are never printed'
            cand --verbose 'Say more about what is happening (repeat for more); secrets are never printed'
            cand --no-config 'Do not read any isrctl.toml'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'isrctl;help'= {
            cand simulate 'Run the deterministic stale-while-revalidate / ISR simulator'
            cand probe 'Watch URLs over time: cache states, transitions, content versions, TTL and lints'
            cand revalidate 'Ask the app to regenerate paths or tags (its revalidation route or the bypass header)'
            cand purge 'Ask a CDN or cache to drop or mark stale: vercel, cloudflare, fastly, netlify, http'
            cand completions 'Print a shell completion script to stdout'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'isrctl;help;simulate'= {
        }
        &'isrctl;help;probe'= {
        }
        &'isrctl;help;revalidate'= {
        }
        &'isrctl;help;purge'= {
        }
        &'isrctl;help;completions'= {
        }
        &'isrctl;help;help'= {
        }
    ]
    $completions[$command]
}
