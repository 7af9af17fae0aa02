# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_isrctl_global_optspecs
    string join \n color= format= q/quiet v/verbose config= no-config h/help V/version
end

function __fish_isrctl_needs_command
    # Figure out if the current invocation already has a command.
    set -l cmd (commandline -opc)
    set -e cmd[1]
    argparse -s (__fish_isrctl_global_optspecs) -- $cmd 2>/dev/null
    or return
    if set -q argv[1]
        # Also print the command, so this can be used to figure out what it is.
        echo $argv[1]
        return 1
    end
    return 0
end

function __fish_isrctl_using_subcommand
    set -l cmd (__fish_isrctl_needs_command)
    test -z "$cmd"
    and return 1
    contains -- $cmd[1] $argv
end

complete -c isrctl -n "__fish_isrctl_needs_command" -l color -d 'When to use colour in tables and messages' -r -f -a "auto\t''
always\t''
never\t''"
complete -c isrctl -n "__fish_isrctl_needs_command" -l format -d 'Output format: tables for people, JSON or one JSON object per line for scripts' -r -f -a "table\t''
json\t''
ndjson\t''"
complete -c isrctl -n "__fish_isrctl_needs_command" -l config -d 'Read targets from this isrctl.toml instead of ./isrctl.toml or $XDG_CONFIG_HOME/isrctl/' -r -F
complete -c isrctl -n "__fish_isrctl_needs_command" -s q -l quiet -d 'Print only the result and errors: no progress, notes, live lines or retry announcements'
complete -c isrctl -n "__fish_isrctl_needs_command" -s v -l verbose -d '-v: a line per request or sample on stderr; -vv: also the wire (request and response headers), secrets shown as ***'
complete -c isrctl -n "__fish_isrctl_needs_command" -l no-config -d 'Do not read any isrctl.toml'
complete -c isrctl -n "__fish_isrctl_needs_command" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c isrctl -n "__fish_isrctl_needs_command" -s V -l version -d 'Print version'
complete -c isrctl -n "__fish_isrctl_needs_command" -f -a "simulate" -d 'Run the deterministic stale-while-revalidate / ISR simulator'
complete -c isrctl -n "__fish_isrctl_needs_command" -f -a "probe" -d 'Watch URLs over time: cache states, transitions, content versions, TTL and lints'
complete -c isrctl -n "__fish_isrctl_needs_command" -f -a "revalidate" -d 'Ask the app to regenerate paths or tags (its revalidation route or the bypass header)'
complete -c isrctl -n "__fish_isrctl_needs_command" -f -a "purge" -d 'Ask a CDN or cache to drop or mark stale: vercel, cloudflare, fastly, netlify, akamai, cloudfront, http'
complete -c isrctl -n "__fish_isrctl_needs_command" -f -a "warm" -d 'Request URLs (a sitemap, a list) until their cache answers HIT: after a deploy or a purge'
complete -c isrctl -n "__fish_isrctl_needs_command" -f -a "completions" -d 'Print a shell completion script to stdout'
complete -c isrctl -n "__fish_isrctl_needs_command" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c isrctl -n "__fish_isrctl_using_subcommand simulate" -l revalidate -d 'Route revalidate period: a duration, 0 (render every request) or false (never)' -r
complete -c isrctl -n "__fish_isrctl_using_subcommand simulate" -l at -d 'Request times, comma-separated (`0,45,1m5s`); every --path is requested at each' -r
complete -c isrctl -n "__fish_isrctl_using_subcommand simulate" -l path -d 'Path to request (repeatable)' -r
complete -c isrctl -n "__fish_isrctl_using_subcommand simulate" -l render-time -d 'Render time of a page (default 200ms)' -r
complete -c isrctl -n "__fish_isrctl_using_subcommand simulate" -l expire -d 'Total age limit of an entry (Next.js expireTime; for cdn s-maxage + stale-while-revalidate)' -r
complete -c isrctl -n "__fish_isrctl_using_subcommand simulate" -l next-build -d 'Routes from a Next.js build (`.next` after `next build`): revalidate, expire, prerendered paths, dynamic routes; static files, API routes and redirects are counted, not simulated' -r -F
complete -c isrctl -n "__fish_isrctl_using_subcommand simulate" -l platform -d 'Platform profile' -r -f -a "next-start\t'Self-hosted `next start`, as measured against Next.js 16'
vercel\t'Vercel: durable regional ISR cache, request collapsing, retry after 30s on failure'
cdn\t'A generic CDN honouring s-maxage, stale-while-revalidate and stale-if-error'"
complete -c isrctl -n "__fish_isrctl_using_subcommand simulate" -l built-ago -d 'The build finished this long before t=0 (prerendered entries are that old at the start)' -r
complete -c isrctl -n "__fish_isrctl_using_subcommand simulate" -l trace -d 'Replay a request trace: CSV with a header, nginx/Apache access log or JSON lines (the format is detected), `-` for stdin, .gz/.zst by extension' -r -F
complete -c isrctl -n "__fish_isrctl_using_subcommand simulate" -l trace-format -d 'Trace line format; auto detects it from the first lines' -r -f -a "auto\t'Detected from the first lines'
csv\t'CSV with a header row: time and path (or url, key, obj_id) columns'
combined\t'nginx/Apache combined or common access log'
json\t'JSON lines with time and path fields (Vercel, Cloudflare, Caddy, nginx)'"
complete -c isrctl -n "__fish_isrctl_using_subcommand simulate" -l reorder-window -d 'Trace lines up to this much out of time order are put back in order; lines later than that, and lone far-future outliers, are counted and skipped' -r
complete -c isrctl -n "__fish_isrctl_using_subcommand simulate" -l workload -d 'Synthetic workload: zipf:alpha=1.0,keys=100000,rate=1000/s,duration=1h[,changes=10/day][,path=/p/{}]' -r
complete -c isrctl -n "__fish_isrctl_using_subcommand simulate" -l changes -d 'Content changes at this rate (10/day, 1/h), seeded Poisson arrivals: each changes the page of the first page request at or after it (so popular pages change more often), or with :tag one of the routes\' tags, each as likely' -r
complete -c isrctl -n "__fish_isrctl_using_subcommand simulate" -l changes-from -d 'Content changes from a publish log: CSV time,path or time,tag:NAME (header optional); times are absolute (epoch seconds or RFC 3339, aligned with the trace\'s first request) or durations from the start (90s)' -r -F
complete -c isrctl -n "__fish_isrctl_using_subcommand simulate" -l webhook-delay -d 'isr+ondemand: the CMS webhook revalidates a changed page this long after the change' -r
complete -c isrctl -n "__fish_isrctl_using_subcommand simulate" -l compare -d 'Run the same workload under several strategies (ssg, isr, isr+ondemand, ssr) or revalidate values (revalidate=10s,5m,1h)' -r
complete -c isrctl -n "__fish_isrctl_using_subcommand simulate" -l sweep -d 'Tabulate TTLs: a range (revalidate=10s..1h) or a list (revalidate=10s,1m,5m)' -r
complete -c isrctl -n "__fish_isrctl_using_subcommand simulate" -l max-staleness -d 'Staleness budget for --sweep (or --compare revalidate=…): recommend the largest TTL whose worst staleness fits (10m), or whose p99/p95/mean staleness fits (p95=10m); exit 6 when none does' -r
complete -c isrctl -n "__fish_isrctl_using_subcommand simulate" -l plot -d 'Draw an SVG picture in this file: the --sweep rows (renders per hour against staleness p95, the recommended TTL ringed), the --compare rows (a bar per strategy and metric), or else the run\'s timeline (a lane per path, a mark per request coloured by its state)' -r -F
complete -c isrctl -n "__fish_isrctl_using_subcommand simulate" -l csv -d 'Also write the --compare or --sweep rows as CSV to this file' -r -F
complete -c isrctl -n "__fish_isrctl_using_subcommand simulate" -l seed -d 'Seed for random choices (render-time distributions, failures, workloads)' -r
complete -c isrctl -n "__fish_isrctl_using_subcommand simulate" -l against -d 'Replay the scenario\'s requests against this deployment in real time (URL = BASE_URL + path), its revalidate events through --endpoint, and compare every answer with the prediction; exit 6 when one diverges' -r
complete -c isrctl -n "__fish_isrctl_using_subcommand simulate" -l slack -d 'A disagreement this close to a TTL boundary, the end of a render or an invalidation of the path is reported as near a boundary and does not fail the run' -r
complete -c isrctl -n "__fish_isrctl_using_subcommand simulate" -l timeout -d 'Per-request timeout for --against' -r
complete -c isrctl -n "__fish_isrctl_using_subcommand simulate" -l endpoint -d 'The app\'s revalidation route, e.g. https://example.com/api/revalidate; `revalidate` takes several (one per instance: each gets every path and tag)' -r
complete -c isrctl -n "__fish_isrctl_using_subcommand simulate" -l secret-env -d 'Read the secret from this environment variable (ISRCTL_SECRET is used when no source is given)' -r
complete -c isrctl -n "__fish_isrctl_using_subcommand simulate" -l secret-file -d 'Read the secret from this file (first line)' -r -F
complete -c isrctl -n "__fish_isrctl_using_subcommand simulate" -l secret-in -d 'Where the app expects the secret [default: body]' -r -f -a "query\t''
header\t''
body\t''"
complete -c isrctl -n "__fish_isrctl_using_subcommand simulate" -l secret-name -d 'The secret\'s field, query parameter or header name [default: secret]' -r
complete -c isrctl -n "__fish_isrctl_using_subcommand simulate" -l body -d 'Request shape: JSON body ({"path": ..}) or query string [default: json, query for GET]' -r -f -a "json\t''
query\t''"
complete -c isrctl -n "__fish_isrctl_using_subcommand simulate" -l param -d 'An extra field the app expects, e.g. type=layout or profile=max (repeatable)' -r
complete -c isrctl -n "__fish_isrctl_using_subcommand simulate" -l method -d 'HTTP method for the endpoint (POST, GET, ...) or for `revalidate --bypass` (GET or HEAD) [default: POST for --endpoint, GET for --bypass]' -r
complete -c isrctl -n "__fish_isrctl_using_subcommand simulate" -l color -d 'When to use colour in tables and messages' -r -f -a "auto\t''
always\t''
never\t''"
complete -c isrctl -n "__fish_isrctl_using_subcommand simulate" -l format -d 'Output format: tables for people, JSON or one JSON object per line for scripts' -r -f -a "table\t''
json\t''
ndjson\t''"
complete -c isrctl -n "__fish_isrctl_using_subcommand simulate" -l config -d 'Read targets from this isrctl.toml instead of ./isrctl.toml or $XDG_CONFIG_HOME/isrctl/' -r -F
complete -c isrctl -n "__fish_isrctl_using_subcommand simulate" -l on-demand -d 'Quick-flag paths are not prerendered: the first request renders (MISS)'
complete -c isrctl -n "__fish_isrctl_using_subcommand simulate" -l keep-query -d 'Keep the query string in the cache key (Next.js ignores it)'
complete -c isrctl -n "__fish_isrctl_using_subcommand simulate" -l skip-bad-lines -d 'Accepted for old scripts: lines that cannot be read are always counted and skipped now'
complete -c isrctl -n "__fish_isrctl_using_subcommand simulate" -l strict -d 'Stop (exit 2, with file:line) at the first trace line that cannot be read, is out of order by more than the reorder window or is an outlier, instead of counting and skipping it'
complete -c isrctl -n "__fish_isrctl_using_subcommand simulate" -l timeline -d 'Always print the per-request timeline'
complete -c isrctl -n "__fish_isrctl_using_subcommand simulate" -l summary -d 'Print only the summary, never the timeline'
complete -c isrctl -n "__fish_isrctl_using_subcommand simulate" -s q -l quiet -d 'Print only the result and errors: no progress, notes, live lines or retry announcements'
complete -c isrctl -n "__fish_isrctl_using_subcommand simulate" -s v -l verbose -d '-v: a line per request or sample on stderr; -vv: also the wire (request and response headers), secrets shown as ***'
complete -c isrctl -n "__fish_isrctl_using_subcommand simulate" -l no-config -d 'Do not read any isrctl.toml'
complete -c isrctl -n "__fish_isrctl_using_subcommand simulate" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c isrctl -n "__fish_isrctl_using_subcommand simulate" -s V -l version -d 'Print version'
complete -c isrctl -n "__fish_isrctl_using_subcommand probe" -l interval -d 'Time between requests to the same URL' -r
complete -c isrctl -n "__fish_isrctl_using_subcommand probe" -l duration -d 'How long to probe (default 60s unless --count is given)' -r
complete -c isrctl -n "__fish_isrctl_using_subcommand probe" -l count -d 'Requests per URL' -r
complete -c isrctl -n "__fish_isrctl_using_subcommand probe" -l until -d 'Stop at the first sample in STATE (HIT, STALE, MISS, ...) or with changed content ("changed"); exit 6 if it never comes' -r
complete -c isrctl -n "__fish_isrctl_using_subcommand probe" -l expect -d 'Expected state sequence after collapsing repeats, e.g. MISS,HIT,STALE,HIT; exit 6 if not' -r
complete -c isrctl -n "__fish_isrctl_using_subcommand probe" -l sitemap -d 'Read the URL list from a sitemap.xml (sitemap indexes are followed)' -r
complete -c isrctl -n "__fish_isrctl_using_subcommand probe" -l concurrency -d 'At most this many requests in flight at once' -r
complete -c isrctl -n "__fish_isrctl_using_subcommand probe" -l timeout -d 'Per-request timeout (connect, headers and body)' -r
complete -c isrctl -n "__fish_isrctl_using_subcommand probe" -s H -l header -d 'Extra request header (repeatable)' -r
complete -c isrctl -n "__fish_isrctl_using_subcommand probe" -l accept-encoding -d 'Accept-Encoding to send, as a browser does by default; caches keep one copy per encoding. `identity` asks for the uncompressed copy. Bodies are decoded before hashing' -r
complete -c isrctl -n "__fish_isrctl_using_subcommand probe" -l max-redirs -d 'With -L, follow at most this many redirects (more is an ERROR sample)' -r
complete -c isrctl -n "__fish_isrctl_using_subcommand probe" -l junit -d 'Write a JUnit XML report here when the probe ends: one test case per URL and check (--until, --expect, lints, errors), for CI' -r -F
complete -c isrctl -n "__fish_isrctl_using_subcommand probe" -l method -d 'Request method; HEAD identifies content by ETag/Last-Modified only' -r -f -a "GET\t''
HEAD\t''"
complete -c isrctl -n "__fish_isrctl_using_subcommand probe" -l resolve -d 'Send HOST:PORT to ADDR instead of resolving it (like curl), e.g. to probe one POP' -r
complete -c isrctl -n "__fish_isrctl_using_subcommand probe" -l pop-header -d 'Response header that names the instance (or POP) that answered, for the per-POP view when the vendor headers say nothing (e.g. x-instance set by your load balancer)' -r
complete -c isrctl -n "__fish_isrctl_using_subcommand probe" -l plot -d 'Draw the samples as an SVG timeline in this file when the probe ends (a lane per URL, a mark per sample coloured by its cache state, version changes labelled)' -r -F
complete -c isrctl -n "__fish_isrctl_using_subcommand probe" -l color -d 'When to use colour in tables and messages' -r -f -a "auto\t''
always\t''
never\t''"
complete -c isrctl -n "__fish_isrctl_using_subcommand probe" -l format -d 'Output format: tables for people, JSON or one JSON object per line for scripts' -r -f -a "table\t''
json\t''
ndjson\t''"
complete -c isrctl -n "__fish_isrctl_using_subcommand probe" -l config -d 'Read targets from this isrctl.toml instead of ./isrctl.toml or $XDG_CONFIG_HOME/isrctl/' -r -F
complete -c isrctl -n "__fish_isrctl_using_subcommand probe" -l once -d 'One request per URL and a full explanation of its cache headers'
complete -c isrctl -n "__fish_isrctl_using_subcommand probe" -s L -l location -d 'Follow redirects (each shown with its Location); without it a 3xx is the answer'
complete -c isrctl -n "__fish_isrctl_using_subcommand probe" -s i -l include -d 'Print each response\'s status line and headers (like curl -i); credentials and cookie values are masked. In JSON, each sample gets its `head`'
complete -c isrctl -n "__fish_isrctl_using_subcommand probe" -s k -l insecure -d 'Accept invalid TLS certificates'
complete -c isrctl -n "__fish_isrctl_using_subcommand probe" -l fail-on-lint -d 'Exit 6 when any lint fires'
complete -c isrctl -n "__fish_isrctl_using_subcommand probe" -l rsc -d 'Also request each URL as Next.js\'s client router does on a navigation (RSC: 1, Next-Router-State-Tree, ?_rsc=), and lint when a cache answers a page request with the RSC payload or the RSC request with the page (a CDN that ignores Vary: RSC). Doubles the requests'
complete -c isrctl -n "__fish_isrctl_using_subcommand probe" -s q -l quiet -d 'Print only the result and errors: no progress, notes, live lines or retry announcements'
complete -c isrctl -n "__fish_isrctl_using_subcommand probe" -s v -l verbose -d '-v: a line per request or sample on stderr; -vv: also the wire (request and response headers), secrets shown as ***'
complete -c isrctl -n "__fish_isrctl_using_subcommand probe" -l no-config -d 'Do not read any isrctl.toml'
complete -c isrctl -n "__fish_isrctl_using_subcommand probe" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c isrctl -n "__fish_isrctl_using_subcommand probe" -s V -l version -d 'Print version'
complete -c isrctl -n "__fish_isrctl_using_subcommand revalidate" -l target -d 'Use the named target from isrctl.toml (endpoint, secret variable, verify URLs)' -r
complete -c isrctl -n "__fish_isrctl_using_subcommand revalidate" -l path -d 'A path to revalidate (one request each; repeatable)' -r
complete -c isrctl -n "__fish_isrctl_using_subcommand revalidate" -l tag -d 'A tag to revalidate (one request each; repeatable)' -r
complete -c isrctl -n "__fish_isrctl_using_subcommand revalidate" -l endpoint -d 'The app\'s revalidation route, e.g. https://example.com/api/revalidate; `revalidate` takes several (one per instance: each gets every path and tag)' -r
complete -c isrctl -n "__fish_isrctl_using_subcommand revalidate" -l secret-env -d 'Read the secret from this environment variable (ISRCTL_SECRET is used when no source is given)' -r
complete -c isrctl -n "__fish_isrctl_using_subcommand revalidate" -l secret-file -d 'Read the secret from this file (first line)' -r -F
complete -c isrctl -n "__fish_isrctl_using_subcommand revalidate" -l secret-in -d 'Where the app expects the secret [default: body]' -r -f -a "query\t''
header\t''
body\t''"
complete -c isrctl -n "__fish_isrctl_using_subcommand revalidate" -l secret-name -d 'The secret\'s field, query parameter or header name [default: secret]' -r
complete -c isrctl -n "__fish_isrctl_using_subcommand revalidate" -l body -d 'Request shape: JSON body ({"path": ..}) or query string [default: json, query for GET]' -r -f -a "json\t''
query\t''"
complete -c isrctl -n "__fish_isrctl_using_subcommand revalidate" -l param -d 'An extra field the app expects, e.g. type=layout or profile=max (repeatable)' -r
complete -c isrctl -n "__fish_isrctl_using_subcommand revalidate" -l method -d 'HTTP method for the endpoint (POST, GET, ...) or for `revalidate --bypass` (GET or HEAD) [default: POST for --endpoint, GET for --bypass]' -r
complete -c isrctl -n "__fish_isrctl_using_subcommand revalidate" -l resolve -d 'Send HOST:PORT to ADDR instead of resolving it (like curl). Repeat it for one host to revalidate every pod or instance behind it, each reported on its own' -r
complete -c isrctl -n "__fish_isrctl_using_subcommand revalidate" -l bypass -d 'Re-render this page now with the x-prerender-revalidate header (repeatable)' -r
complete -c isrctl -n "__fish_isrctl_using_subcommand revalidate" -l bypass-token-env -d 'Environment variable holding the bypass token (Vercel, >= 32 chars) or the self-hosted preview-mode id from .next/prerender-manifest.json [default: ISRCTL_BYPASS_TOKEN]' -r
complete -c isrctl -n "__fish_isrctl_using_subcommand revalidate" -l concurrency -d 'Requests in flight at once' -r
complete -c isrctl -n "__fish_isrctl_using_subcommand revalidate" -l retries -d 'Retries per request on 429, 5xx and network errors (exponential backoff with jitter, honouring Retry-After)' -r
complete -c isrctl -n "__fish_isrctl_using_subcommand revalidate" -l timeout -d 'Per-request timeout' -r
complete -c isrctl -n "__fish_isrctl_using_subcommand revalidate" -l retry-base-delay -d 'First retry wait, usually from ISRCTL_RETRY_BASE_DELAY (the test-suite sets 5ms) [default: 500ms]' -r
complete -c isrctl -n "__fish_isrctl_using_subcommand revalidate" -l verify -d 'After the call, watch this URL until its content changes (repeatable)' -r
complete -c isrctl -n "__fish_isrctl_using_subcommand revalidate" -l verify-timeout -d 'Give up verifying after this long (exit 6)' -r
complete -c isrctl -n "__fish_isrctl_using_subcommand revalidate" -l verify-interval -d 'How often to request a --verify URL' -r
complete -c isrctl -n "__fish_isrctl_using_subcommand revalidate" -l color -d 'When to use colour in tables and messages' -r -f -a "auto\t''
always\t''
never\t''"
complete -c isrctl -n "__fish_isrctl_using_subcommand revalidate" -l format -d 'Output format: tables for people, JSON or one JSON object per line for scripts' -r -f -a "table\t''
json\t''
ndjson\t''"
complete -c isrctl -n "__fish_isrctl_using_subcommand revalidate" -l config -d 'Read targets from this isrctl.toml instead of ./isrctl.toml or $XDG_CONFIG_HOME/isrctl/' -r -F
complete -c isrctl -n "__fish_isrctl_using_subcommand revalidate" -l dry-run -d 'Print the exact requests (secrets as ***) and send nothing'
complete -c isrctl -n "__fish_isrctl_using_subcommand revalidate" -l curl -d 'Print the requests as curl commands (secrets as $VAR references) and send nothing'
complete -c isrctl -n "__fish_isrctl_using_subcommand revalidate" -s q -l quiet -d 'Print only the result and errors: no progress, notes, live lines or retry announcements'
complete -c isrctl -n "__fish_isrctl_using_subcommand revalidate" -s v -l verbose -d '-v: a line per request or sample on stderr; -vv: also the wire (request and response headers), secrets shown as ***'
complete -c isrctl -n "__fish_isrctl_using_subcommand revalidate" -l no-config -d 'Do not read any isrctl.toml'
complete -c isrctl -n "__fish_isrctl_using_subcommand revalidate" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c isrctl -n "__fish_isrctl_using_subcommand revalidate" -s V -l version -d 'Print version'
complete -c isrctl -n "__fish_isrctl_using_subcommand purge" -l target -d 'Use the named target from isrctl.toml (provider, ids, token variable, verify URLs)' -r
complete -c isrctl -n "__fish_isrctl_using_subcommand purge" -l tag -d 'Cache tags to purge (Vercel, Cloudflare, Netlify, Akamai; repeatable, or comma-separated as the vercel CLI takes them: --tag a,b)' -r
complete -c isrctl -n "__fish_isrctl_using_subcommand purge" -l url -d 'A full URL to purge (Cloudflare, Fastly, Akamai, http; repeatable)' -r
complete -c isrctl -n "__fish_isrctl_using_subcommand purge" -l key -d 'A Fastly surrogate key (repeatable; sent in batches of 256)' -r
complete -c isrctl -n "__fish_isrctl_using_subcommand purge" -l host -d 'A hostname to purge entirely (Cloudflare; repeatable)' -r
complete -c isrctl -n "__fish_isrctl_using_subcommand purge" -l prefix -d 'A host/path prefix to purge (Cloudflare; repeatable)' -r
complete -c isrctl -n "__fish_isrctl_using_subcommand purge" -l cpcode -d 'An Akamai CP code: everything it serves (repeatable, or comma-separated)' -r
complete -c isrctl -n "__fish_isrctl_using_subcommand purge" -l path -d 'A path in a CloudFront distribution to invalidate: /a, or /blog/* (the * wildcard only at the end); repeatable' -r
complete -c isrctl -n "__fish_isrctl_using_subcommand purge" -l from-file -d 'Read items from FILE (\'-\' = stdin), one per line; blank lines and # comments are ignored' -r -F
complete -c isrctl -n "__fish_isrctl_using_subcommand purge" -l file-kind -d 'What the lines of --from-file are [default: the provider\'s main kind: vercel/netlify tag, cloudflare/akamai/http url, fastly key, cloudfront path]' -r -f -a "url\t''
tag\t''
key\t''
host\t''
prefix\t''
cpcode\t''
path\t''"
complete -c isrctl -n "__fish_isrctl_using_subcommand purge" -l deadline -d 'Vercel --hard: keep serving stale until this deadline, then delete (e.g. 60s)' -r
complete -c isrctl -n "__fish_isrctl_using_subcommand purge" -l type -d 'Vercel --all: which cache to purge [default: both]' -r -f -a "cdn\t''
data\t''"
complete -c isrctl -n "__fish_isrctl_using_subcommand purge" -l project -d 'Vercel project id or name [default: VERCEL_PROJECT_ID, else .vercel/project.json from `vercel link` in the current directory]' -r
complete -c isrctl -n "__fish_isrctl_using_subcommand purge" -l team -d 'Vercel team id (team_...) or slug [default: VERCEL_ORG_ID or .vercel/project.json\'s orgId, when it is a team]' -r
complete -c isrctl -n "__fish_isrctl_using_subcommand purge" -l environment -d 'Vercel: only this environment\'s cache (production or preview) [default: all]' -r -f -a "production\t''
preview\t''"
complete -c isrctl -n "__fish_isrctl_using_subcommand purge" -l zone -d 'Cloudflare zone id, or the zone\'s name (example.com), looked up with the token first' -r
complete -c isrctl -n "__fish_isrctl_using_subcommand purge" -l batch-size -d 'Items per request: Cloudflare (default 30, at most 500), Netlify (default 100), CloudFront (default 3000)' -r
complete -c isrctl -n "__fish_isrctl_using_subcommand purge" -l service -d 'Fastly service id [default: FASTLY_SERVICE_ID, else service_id in ./fastly.toml]' -r
complete -c isrctl -n "__fish_isrctl_using_subcommand purge" -l site -d 'Netlify site id or name [default: NETLIFY_SITE_ID, else .netlify/state.json from `netlify link`]' -r
complete -c isrctl -n "__fish_isrctl_using_subcommand purge" -l network -d 'Akamai: which network\'s caches [default: production]' -r -f -a "production\t''
staging\t''"
complete -c isrctl -n "__fish_isrctl_using_subcommand purge" -l edgerc -d 'Akamai: the EdgeGrid credentials file [default: AKAMAI_EDGERC, else ~/.edgerc]' -r -F
complete -c isrctl -n "__fish_isrctl_using_subcommand purge" -l section -d 'Akamai: the .edgerc section to use [default: AKAMAI_EDGERC_SECTION, else default]' -r
complete -c isrctl -n "__fish_isrctl_using_subcommand purge" -l distribution -d 'CloudFront distribution id (E1ABCDEF2GHIJ)' -r
complete -c isrctl -n "__fish_isrctl_using_subcommand purge" -l profile -d 'The profile of the AWS shared credentials file (AWS_SHARED_CREDENTIALS_FILE, else ~/.aws/credentials) [default: AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY/AWS_SESSION_TOKEN when set, else AWS_PROFILE, else default]' -r
complete -c isrctl -n "__fish_isrctl_using_subcommand purge" -l wait-timeout -d 'Give up --wait after this long (exit 6) [default: 10m, as the AWS CLI\'s waiter]' -r
complete -c isrctl -n "__fish_isrctl_using_subcommand purge" -l wait-interval -d 'How often --wait asks [default: 20s, as the AWS CLI\'s waiter]' -r
complete -c isrctl -n "__fish_isrctl_using_subcommand purge" -l method -d 'http: the request method (PURGE, BAN, ...) [default: PURGE]' -r
complete -c isrctl -n "__fish_isrctl_using_subcommand purge" -s H -l header -d 'http: an extra request header (repeatable)' -r
complete -c isrctl -n "__fish_isrctl_using_subcommand purge" -l secret-header -d 'Send the secret from --token-env/--token-file (default: ISRCTL_PURGE_SECRET) in this header (e.g. X-Purge-Token), so it is never typed on the command line or shown by --dry-run' -r
complete -c isrctl -n "__fish_isrctl_using_subcommand purge" -l token-env -d 'Read the API token from this environment variable [default: VERCEL_TOKEN, CLOUDFLARE_API_TOKEN (or CF_API_TOKEN), FASTLY_API_TOKEN, NETLIFY_AUTH_TOKEN or NETLIFY_PURGE_API_TOKEN]' -r
complete -c isrctl -n "__fish_isrctl_using_subcommand purge" -l token-file -d 'Read the API token from this file (first line)' -r -F
complete -c isrctl -n "__fish_isrctl_using_subcommand purge" -l base-url -d 'Send API calls to this root instead of the provider\'s (proxies, tests)' -r
complete -c isrctl -n "__fish_isrctl_using_subcommand purge" -l concurrency -d 'Requests in flight at once' -r
complete -c isrctl -n "__fish_isrctl_using_subcommand purge" -l retries -d 'Retries per request on 429, 5xx and network errors (exponential backoff with jitter, honouring Retry-After)' -r
complete -c isrctl -n "__fish_isrctl_using_subcommand purge" -l timeout -d 'Per-request timeout' -r
complete -c isrctl -n "__fish_isrctl_using_subcommand purge" -l retry-base-delay -d 'First retry wait, usually from ISRCTL_RETRY_BASE_DELAY (the test-suite sets 5ms) [default: 500ms]' -r
complete -c isrctl -n "__fish_isrctl_using_subcommand purge" -l verify -d 'After the call, watch this URL until its content changes (repeatable)' -r
complete -c isrctl -n "__fish_isrctl_using_subcommand purge" -l verify-timeout -d 'Give up verifying after this long (exit 6)' -r
complete -c isrctl -n "__fish_isrctl_using_subcommand purge" -l verify-interval -d 'How often to request a --verify URL' -r
complete -c isrctl -n "__fish_isrctl_using_subcommand purge" -l color -d 'When to use colour in tables and messages' -r -f -a "auto\t''
always\t''
never\t''"
complete -c isrctl -n "__fish_isrctl_using_subcommand purge" -l format -d 'Output format: tables for people, JSON or one JSON object per line for scripts' -r -f -a "table\t''
json\t''
ndjson\t''"
complete -c isrctl -n "__fish_isrctl_using_subcommand purge" -l config -d 'Read targets from this isrctl.toml instead of ./isrctl.toml or $XDG_CONFIG_HOME/isrctl/' -r -F
complete -c isrctl -n "__fish_isrctl_using_subcommand purge" -l all -d 'Purge everything (Vercel project, Fastly service, Netlify site); needs --yes without a terminal'
complete -c isrctl -n "__fish_isrctl_using_subcommand purge" -l everything -d 'Purge everything in the Cloudflare zone; needs --yes without a terminal'
complete -c isrctl -n "__fish_isrctl_using_subcommand purge" -s y -l yes -d 'Confirm --all/--everything without a prompt'
complete -c isrctl -n "__fish_isrctl_using_subcommand purge" -l hard -d 'Vercel: delete instead of marking stale (dangerously-delete-by-tags)'
complete -c isrctl -n "__fish_isrctl_using_subcommand purge" -l soft -d 'Mark stale instead of deleting (Fastly Fastly-Soft-Purge; Cloudflare invalidate_cache)'
complete -c isrctl -n "__fish_isrctl_using_subcommand purge" -l delete -d 'Akamai: delete instead of invalidating (the next request fetches anew, even when the origin\'s copy did not change)'
complete -c isrctl -n "__fish_isrctl_using_subcommand purge" -l wait -d 'After the invalidations are created, poll GetInvalidation until each is Completed'
complete -c isrctl -n "__fish_isrctl_using_subcommand purge" -l dry-run -d 'Print the exact requests (secrets as ***) and send nothing'
complete -c isrctl -n "__fish_isrctl_using_subcommand purge" -l curl -d 'Print the requests as curl commands (secrets as $VAR references) and send nothing'
complete -c isrctl -n "__fish_isrctl_using_subcommand purge" -s q -l quiet -d 'Print only the result and errors: no progress, notes, live lines or retry announcements'
complete -c isrctl -n "__fish_isrctl_using_subcommand purge" -s v -l verbose -d '-v: a line per request or sample on stderr; -vv: also the wire (request and response headers), secrets shown as ***'
complete -c isrctl -n "__fish_isrctl_using_subcommand purge" -l no-config -d 'Do not read any isrctl.toml'
complete -c isrctl -n "__fish_isrctl_using_subcommand purge" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c isrctl -n "__fish_isrctl_using_subcommand purge" -s V -l version -d 'Print version'
complete -c isrctl -n "__fish_isrctl_using_subcommand warm" -l sitemap -d 'Warm the URLs of this sitemap.xml (sitemap indexes are followed)' -r
complete -c isrctl -n "__fish_isrctl_using_subcommand warm" -l from-file -d 'Warm the URLs in this file, one per line (blank lines and # comments skipped); - reads stdin' -r -F
complete -c isrctl -n "__fish_isrctl_using_subcommand warm" -l tries -d 'Requests per URL at most: it is requested again until its cache answers HIT' -r
complete -c isrctl -n "__fish_isrctl_using_subcommand warm" -l interval -d 'Time between two tries of one URL (at least)' -r
complete -c isrctl -n "__fish_isrctl_using_subcommand warm" -l concurrency -d 'At most this many requests in flight at once' -r
complete -c isrctl -n "__fish_isrctl_using_subcommand warm" -l rate -d 'At most this many requests per second, e.g. 10, 10/s or 300/m [default: no limit]' -r
complete -c isrctl -n "__fish_isrctl_using_subcommand warm" -l timeout -d 'Per-request timeout (connect, headers and the whole body)' -r
complete -c isrctl -n "__fish_isrctl_using_subcommand warm" -s H -l header -d 'Extra request header (repeatable); credentials in it are never printed' -r
complete -c isrctl -n "__fish_isrctl_using_subcommand warm" -l accept-encoding -d 'Accept-Encoding to send, as a browser does by default: caches keep one copy per encoding, and this is the one warmed' -r
complete -c isrctl -n "__fish_isrctl_using_subcommand warm" -l resolve -d 'Send HOST:PORT to ADDR instead of resolving it (like curl). Repeat it for one host to warm each POP or instance behind it in turn, each reported on its own' -r
complete -c isrctl -n "__fish_isrctl_using_subcommand warm" -l color -d 'When to use colour in tables and messages' -r -f -a "auto\t''
always\t''
never\t''"
complete -c isrctl -n "__fish_isrctl_using_subcommand warm" -l format -d 'Output format: tables for people, JSON or one JSON object per line for scripts' -r -f -a "table\t''
json\t''
ndjson\t''"
complete -c isrctl -n "__fish_isrctl_using_subcommand warm" -l config -d 'Read targets from this isrctl.toml instead of ./isrctl.toml or $XDG_CONFIG_HOME/isrctl/' -r -F
complete -c isrctl -n "__fish_isrctl_using_subcommand warm" -s k -l insecure -d 'Accept invalid TLS certificates'
complete -c isrctl -n "__fish_isrctl_using_subcommand warm" -s q -l quiet -d 'Print only the result and errors: no progress, notes, live lines or retry announcements'
complete -c isrctl -n "__fish_isrctl_using_subcommand warm" -s v -l verbose -d '-v: a line per request or sample on stderr; -vv: also the wire (request and response headers), secrets shown as ***'
complete -c isrctl -n "__fish_isrctl_using_subcommand warm" -l no-config -d 'Do not read any isrctl.toml'
complete -c isrctl -n "__fish_isrctl_using_subcommand warm" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c isrctl -n "__fish_isrctl_using_subcommand warm" -s V -l version -d 'Print version'
complete -c isrctl -n "__fish_isrctl_using_subcommand completions" -l out-dir -d 'Write the script into this directory instead of stdout' -r -F
complete -c isrctl -n "__fish_isrctl_using_subcommand completions" -l color -d 'When to use colour in tables and messages' -r -f -a "auto\t''
always\t''
never\t''"
complete -c isrctl -n "__fish_isrctl_using_subcommand completions" -l format -d 'Output format: tables for people, JSON or one JSON object per line for scripts' -r -f -a "table\t''
json\t''
ndjson\t''"
complete -c isrctl -n "__fish_isrctl_using_subcommand completions" -l config -d 'Read targets from this isrctl.toml instead of ./isrctl.toml or $XDG_CONFIG_HOME/isrctl/' -r -F
complete -c isrctl -n "__fish_isrctl_using_subcommand completions" -s q -l quiet -d 'Print only the result and errors: no progress, notes, live lines or retry announcements'
complete -c isrctl -n "__fish_isrctl_using_subcommand completions" -s v -l verbose -d '-v: a line per request or sample on stderr; -vv: also the wire (request and response headers), secrets shown as ***'
complete -c isrctl -n "__fish_isrctl_using_subcommand completions" -l no-config -d 'Do not read any isrctl.toml'
complete -c isrctl -n "__fish_isrctl_using_subcommand completions" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c isrctl -n "__fish_isrctl_using_subcommand completions" -s V -l version -d 'Print version'
complete -c isrctl -n "__fish_isrctl_using_subcommand help; and not __fish_seen_subcommand_from simulate probe revalidate purge warm completions help" -f -a "simulate" -d 'Run the deterministic stale-while-revalidate / ISR simulator'
complete -c isrctl -n "__fish_isrctl_using_subcommand help; and not __fish_seen_subcommand_from simulate probe revalidate purge warm completions help" -f -a "probe" -d 'Watch URLs over time: cache states, transitions, content versions, TTL and lints'
complete -c isrctl -n "__fish_isrctl_using_subcommand help; and not __fish_seen_subcommand_from simulate probe revalidate purge warm completions help" -f -a "revalidate" -d 'Ask the app to regenerate paths or tags (its revalidation route or the bypass header)'
complete -c isrctl -n "__fish_isrctl_using_subcommand help; and not __fish_seen_subcommand_from simulate probe revalidate purge warm completions help" -f -a "purge" -d 'Ask a CDN or cache to drop or mark stale: vercel, cloudflare, fastly, netlify, akamai, cloudfront, http'
complete -c isrctl -n "__fish_isrctl_using_subcommand help; and not __fish_seen_subcommand_from simulate probe revalidate purge warm completions help" -f -a "warm" -d 'Request URLs (a sitemap, a list) until their cache answers HIT: after a deploy or a purge'
complete -c isrctl -n "__fish_isrctl_using_subcommand help; and not __fish_seen_subcommand_from simulate probe revalidate purge warm completions help" -f -a "completions" -d 'Print a shell completion script to stdout'
complete -c isrctl -n "__fish_isrctl_using_subcommand help; and not __fish_seen_subcommand_from simulate probe revalidate purge warm completions help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
