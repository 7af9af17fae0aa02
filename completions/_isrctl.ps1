
using namespace System.Management.Automation
using namespace System.Management.Automation.Language

Register-ArgumentCompleter -Native -CommandName 'isrctl' -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)

    $commandElements = $commandAst.CommandElements
    $command = @(
        'isrctl'
        for ($i = 1; $i -lt $commandElements.Count; $i++) {
            $element = $commandElements[$i]
            if ($element -isnot [StringConstantExpressionAst] -or
                $element.StringConstantType -ne [StringConstantType]::BareWord -or
                $element.Value.StartsWith('-') -or
                $element.Value -eq $wordToComplete) {
                break
        }
        $element.Value
    }) -join ';'

    $completions = @(switch ($command) {
        'isrctl' {
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour in tables and messages')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format: tables for people, JSON or one JSON object per line for scripts')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Read targets from this isrctl.toml instead of ./isrctl.toml or $XDG_CONFIG_HOME/isrctl/')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only the result and errors: no progress, notes, live lines or retry announcements')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only the result and errors: no progress, notes, live lines or retry announcements')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, '-v: a line per request or sample on stderr; -vv: also the wire (request and response headers), secrets shown as ***')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, '-v: a line per request or sample on stderr; -vv: also the wire (request and response headers), secrets shown as ***')
            [CompletionResult]::new('--no-config', '--no-config', [CompletionResultType]::ParameterName, 'Do not read any isrctl.toml')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('simulate', 'simulate', [CompletionResultType]::ParameterValue, 'Run the deterministic stale-while-revalidate / ISR simulator')
            [CompletionResult]::new('probe', 'probe', [CompletionResultType]::ParameterValue, 'Watch URLs over time: cache states, transitions, content versions, TTL and lints')
            [CompletionResult]::new('revalidate', 'revalidate', [CompletionResultType]::ParameterValue, 'Ask the app to regenerate paths or tags (its revalidation route or the bypass header)')
            [CompletionResult]::new('purge', 'purge', [CompletionResultType]::ParameterValue, 'Ask a CDN or cache to drop or mark stale: vercel, cloudflare, fastly, netlify, akamai, cloudfront, http')
            [CompletionResult]::new('warm', 'warm', [CompletionResultType]::ParameterValue, 'Request URLs (a sitemap, a list) until their cache answers HIT: after a deploy or a purge')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print a shell completion script to stdout')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'isrctl;simulate' {
            [CompletionResult]::new('--revalidate', '--revalidate', [CompletionResultType]::ParameterName, 'Route revalidate period: a duration, 0 (render every request) or false (never)')
            [CompletionResult]::new('--at', '--at', [CompletionResultType]::ParameterName, 'Request times, comma-separated (`0,45,1m5s`); every --path is requested at each')
            [CompletionResult]::new('--path', '--path', [CompletionResultType]::ParameterName, 'Path to request (repeatable)')
            [CompletionResult]::new('--render-time', '--render-time', [CompletionResultType]::ParameterName, 'Render time of a page (default 200ms)')
            [CompletionResult]::new('--expire', '--expire', [CompletionResultType]::ParameterName, 'Total age limit of an entry (Next.js expireTime; for cdn s-maxage + stale-while-revalidate)')
            [CompletionResult]::new('--next-build', '--next-build', [CompletionResultType]::ParameterName, 'Routes from a Next.js build (`.next` after `next build`): revalidate, expire, prerendered paths, dynamic routes; static files, API routes and redirects are counted, not simulated')
            [CompletionResult]::new('--platform', '--platform', [CompletionResultType]::ParameterName, 'Platform profile')
            [CompletionResult]::new('--built-ago', '--built-ago', [CompletionResultType]::ParameterName, 'The build finished this long before t=0 (prerendered entries are that old at the start)')
            [CompletionResult]::new('--trace', '--trace', [CompletionResultType]::ParameterName, 'Replay a request trace: CSV with a header, nginx/Apache access log or JSON lines (the format is detected), `-` for stdin, .gz/.zst by extension')
            [CompletionResult]::new('--trace-format', '--trace-format', [CompletionResultType]::ParameterName, 'Trace line format; auto detects it from the first lines')
            [CompletionResult]::new('--reorder-window', '--reorder-window', [CompletionResultType]::ParameterName, 'Trace lines up to this much out of time order are put back in order; lines later than that, and lone far-future outliers, are counted and skipped')
            [CompletionResult]::new('--workload', '--workload', [CompletionResultType]::ParameterName, 'Synthetic workload: zipf:alpha=1.0,keys=100000,rate=1000/s,duration=1h[,changes=10/day][,path=/p/{}]')
            [CompletionResult]::new('--changes', '--changes', [CompletionResultType]::ParameterName, 'Content changes at this rate (10/day, 1/h), seeded Poisson arrivals: each changes the page of the first page request at or after it (so popular pages change more often), or with :tag one of the routes'' tags, each as likely')
            [CompletionResult]::new('--changes-from', '--changes-from', [CompletionResultType]::ParameterName, 'Content changes from a publish log: CSV time,path or time,tag:NAME (header optional); times are absolute (epoch seconds or RFC 3339, aligned with the trace''s first request) or durations from the start (90s)')
            [CompletionResult]::new('--webhook-delay', '--webhook-delay', [CompletionResultType]::ParameterName, 'isr+ondemand: the CMS webhook revalidates a changed page this long after the change')
            [CompletionResult]::new('--compare', '--compare', [CompletionResultType]::ParameterName, 'Run the same workload under several strategies (ssg, isr, isr+ondemand, ssr) or revalidate values (revalidate=10s,5m,1h)')
            [CompletionResult]::new('--sweep', '--sweep', [CompletionResultType]::ParameterName, 'Tabulate TTLs: a range (revalidate=10s..1h) or a list (revalidate=10s,1m,5m)')
            [CompletionResult]::new('--max-staleness', '--max-staleness', [CompletionResultType]::ParameterName, 'Staleness budget for --sweep (or --compare revalidate=…): recommend the largest TTL whose worst staleness fits (10m), or whose p99/p95/mean staleness fits (p95=10m); exit 6 when none does')
            [CompletionResult]::new('--plot', '--plot', [CompletionResultType]::ParameterName, 'Draw an SVG picture in this file: the --sweep rows (renders per hour against staleness p95, the recommended TTL ringed), the --compare rows (a bar per strategy and metric), or else the run''s timeline (a lane per path, a mark per request coloured by its state)')
            [CompletionResult]::new('--csv', '--csv', [CompletionResultType]::ParameterName, 'Also write the --compare or --sweep rows as CSV to this file')
            [CompletionResult]::new('--seed', '--seed', [CompletionResultType]::ParameterName, 'Seed for random choices (render-time distributions, failures, workloads)')
            [CompletionResult]::new('--against', '--against', [CompletionResultType]::ParameterName, 'Replay the scenario''s requests against this deployment in real time (URL = BASE_URL + path), its revalidate events through --endpoint, and compare every answer with the prediction; exit 6 when one diverges')
            [CompletionResult]::new('--slack', '--slack', [CompletionResultType]::ParameterName, 'A disagreement this close to a TTL boundary, the end of a render or an invalidation of the path is reported as near a boundary and does not fail the run')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Per-request timeout for --against')
            [CompletionResult]::new('--endpoint', '--endpoint', [CompletionResultType]::ParameterName, 'The app''s revalidation route, e.g. https://example.com/api/revalidate; `revalidate` takes several (one per instance: each gets every path and tag)')
            [CompletionResult]::new('--secret-env', '--secret-env', [CompletionResultType]::ParameterName, 'Read the secret from this environment variable (ISRCTL_SECRET is used when no source is given)')
            [CompletionResult]::new('--secret-file', '--secret-file', [CompletionResultType]::ParameterName, 'Read the secret from this file (first line)')
            [CompletionResult]::new('--secret-in', '--secret-in', [CompletionResultType]::ParameterName, 'Where the app expects the secret [default: body]')
            [CompletionResult]::new('--secret-name', '--secret-name', [CompletionResultType]::ParameterName, 'The secret''s field, query parameter or header name [default: secret]')
            [CompletionResult]::new('--body', '--body', [CompletionResultType]::ParameterName, 'Request shape: JSON body ({"path": ..}) or query string [default: json, query for GET]')
            [CompletionResult]::new('--param', '--param', [CompletionResultType]::ParameterName, 'An extra field the app expects, e.g. type=layout or profile=max (repeatable)')
            [CompletionResult]::new('--method', '--method', [CompletionResultType]::ParameterName, 'HTTP method for the endpoint (POST, GET, ...) or for `revalidate --bypass` (GET or HEAD) [default: POST for --endpoint, GET for --bypass]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour in tables and messages')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format: tables for people, JSON or one JSON object per line for scripts')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Read targets from this isrctl.toml instead of ./isrctl.toml or $XDG_CONFIG_HOME/isrctl/')
            [CompletionResult]::new('--on-demand', '--on-demand', [CompletionResultType]::ParameterName, 'Quick-flag paths are not prerendered: the first request renders (MISS)')
            [CompletionResult]::new('--keep-query', '--keep-query', [CompletionResultType]::ParameterName, 'Keep the query string in the cache key (Next.js ignores it)')
            [CompletionResult]::new('--skip-bad-lines', '--skip-bad-lines', [CompletionResultType]::ParameterName, 'Accepted for old scripts: lines that cannot be read are always counted and skipped now')
            [CompletionResult]::new('--strict', '--strict', [CompletionResultType]::ParameterName, 'Stop (exit 2, with file:line) at the first trace line that cannot be read, is out of order by more than the reorder window or is an outlier, instead of counting and skipping it')
            [CompletionResult]::new('--timeline', '--timeline', [CompletionResultType]::ParameterName, 'Always print the per-request timeline')
            [CompletionResult]::new('--summary', '--summary', [CompletionResultType]::ParameterName, 'Print only the summary, never the timeline')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only the result and errors: no progress, notes, live lines or retry announcements')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only the result and errors: no progress, notes, live lines or retry announcements')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, '-v: a line per request or sample on stderr; -vv: also the wire (request and response headers), secrets shown as ***')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, '-v: a line per request or sample on stderr; -vv: also the wire (request and response headers), secrets shown as ***')
            [CompletionResult]::new('--no-config', '--no-config', [CompletionResultType]::ParameterName, 'Do not read any isrctl.toml')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'isrctl;probe' {
            [CompletionResult]::new('--interval', '--interval', [CompletionResultType]::ParameterName, 'Time between requests to the same URL')
            [CompletionResult]::new('--duration', '--duration', [CompletionResultType]::ParameterName, 'How long to probe (default 60s unless --count is given)')
            [CompletionResult]::new('--count', '--count', [CompletionResultType]::ParameterName, 'Requests per URL')
            [CompletionResult]::new('--until', '--until', [CompletionResultType]::ParameterName, 'Stop at the first sample in STATE (HIT, STALE, MISS, ...) or with changed content ("changed"); exit 6 if it never comes')
            [CompletionResult]::new('--expect', '--expect', [CompletionResultType]::ParameterName, 'Expected state sequence after collapsing repeats, e.g. MISS,HIT,STALE,HIT; exit 6 if not')
            [CompletionResult]::new('--sitemap', '--sitemap', [CompletionResultType]::ParameterName, 'Read the URL list from a sitemap.xml (sitemap indexes are followed)')
            [CompletionResult]::new('--concurrency', '--concurrency', [CompletionResultType]::ParameterName, 'At most this many requests in flight at once')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Per-request timeout (connect, headers and body)')
            [CompletionResult]::new('-H', '-H ', [CompletionResultType]::ParameterName, 'Extra request header (repeatable)')
            [CompletionResult]::new('--header', '--header', [CompletionResultType]::ParameterName, 'Extra request header (repeatable)')
            [CompletionResult]::new('--accept-encoding', '--accept-encoding', [CompletionResultType]::ParameterName, 'Accept-Encoding to send, as a browser does by default; caches keep one copy per encoding. `identity` asks for the uncompressed copy. Bodies are decoded before hashing')
            [CompletionResult]::new('--max-redirs', '--max-redirs', [CompletionResultType]::ParameterName, 'With -L, follow at most this many redirects (more is an ERROR sample)')
            [CompletionResult]::new('--junit', '--junit', [CompletionResultType]::ParameterName, 'Write a JUnit XML report here when the probe ends: one test case per URL and check (--until, --expect, lints, errors), for CI')
            [CompletionResult]::new('--method', '--method', [CompletionResultType]::ParameterName, 'Request method; HEAD identifies content by ETag/Last-Modified only')
            [CompletionResult]::new('--resolve', '--resolve', [CompletionResultType]::ParameterName, 'Send HOST:PORT to ADDR instead of resolving it (like curl), e.g. to probe one POP')
            [CompletionResult]::new('--pop-header', '--pop-header', [CompletionResultType]::ParameterName, 'Response header that names the instance (or POP) that answered, for the per-POP view when the vendor headers say nothing (e.g. x-instance set by your load balancer)')
            [CompletionResult]::new('--plot', '--plot', [CompletionResultType]::ParameterName, 'Draw the samples as an SVG timeline in this file when the probe ends (a lane per URL, a mark per sample coloured by its cache state, version changes labelled)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour in tables and messages')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format: tables for people, JSON or one JSON object per line for scripts')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Read targets from this isrctl.toml instead of ./isrctl.toml or $XDG_CONFIG_HOME/isrctl/')
            [CompletionResult]::new('--once', '--once', [CompletionResultType]::ParameterName, 'One request per URL and a full explanation of its cache headers')
            [CompletionResult]::new('-L', '-L ', [CompletionResultType]::ParameterName, 'Follow redirects (each shown with its Location); without it a 3xx is the answer')
            [CompletionResult]::new('--location', '--location', [CompletionResultType]::ParameterName, 'Follow redirects (each shown with its Location); without it a 3xx is the answer')
            [CompletionResult]::new('-i', '-i', [CompletionResultType]::ParameterName, 'Print each response''s status line and headers (like curl -i); credentials and cookie values are masked. In JSON, each sample gets its `head`')
            [CompletionResult]::new('--include', '--include', [CompletionResultType]::ParameterName, 'Print each response''s status line and headers (like curl -i); credentials and cookie values are masked. In JSON, each sample gets its `head`')
            [CompletionResult]::new('-k', '-k', [CompletionResultType]::ParameterName, 'Accept invalid TLS certificates')
            [CompletionResult]::new('--insecure', '--insecure', [CompletionResultType]::ParameterName, 'Accept invalid TLS certificates')
            [CompletionResult]::new('--fail-on-lint', '--fail-on-lint', [CompletionResultType]::ParameterName, 'Exit 6 when any lint fires')
            [CompletionResult]::new('--rsc', '--rsc', [CompletionResultType]::ParameterName, 'Also request each URL as Next.js''s client router does on a navigation (RSC: 1, Next-Router-State-Tree, ?_rsc=), and lint when a cache answers a page request with the RSC payload or the RSC request with the page (a CDN that ignores Vary: RSC). Doubles the requests')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only the result and errors: no progress, notes, live lines or retry announcements')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only the result and errors: no progress, notes, live lines or retry announcements')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, '-v: a line per request or sample on stderr; -vv: also the wire (request and response headers), secrets shown as ***')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, '-v: a line per request or sample on stderr; -vv: also the wire (request and response headers), secrets shown as ***')
            [CompletionResult]::new('--no-config', '--no-config', [CompletionResultType]::ParameterName, 'Do not read any isrctl.toml')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'isrctl;revalidate' {
            [CompletionResult]::new('--target', '--target', [CompletionResultType]::ParameterName, 'Use the named target from isrctl.toml (endpoint, secret variable, verify URLs)')
            [CompletionResult]::new('--path', '--path', [CompletionResultType]::ParameterName, 'A path to revalidate (one request each; repeatable)')
            [CompletionResult]::new('--tag', '--tag', [CompletionResultType]::ParameterName, 'A tag to revalidate (one request each; repeatable)')
            [CompletionResult]::new('--endpoint', '--endpoint', [CompletionResultType]::ParameterName, 'The app''s revalidation route, e.g. https://example.com/api/revalidate; `revalidate` takes several (one per instance: each gets every path and tag)')
            [CompletionResult]::new('--secret-env', '--secret-env', [CompletionResultType]::ParameterName, 'Read the secret from this environment variable (ISRCTL_SECRET is used when no source is given)')
            [CompletionResult]::new('--secret-file', '--secret-file', [CompletionResultType]::ParameterName, 'Read the secret from this file (first line)')
            [CompletionResult]::new('--secret-in', '--secret-in', [CompletionResultType]::ParameterName, 'Where the app expects the secret [default: body]')
            [CompletionResult]::new('--secret-name', '--secret-name', [CompletionResultType]::ParameterName, 'The secret''s field, query parameter or header name [default: secret]')
            [CompletionResult]::new('--body', '--body', [CompletionResultType]::ParameterName, 'Request shape: JSON body ({"path": ..}) or query string [default: json, query for GET]')
            [CompletionResult]::new('--param', '--param', [CompletionResultType]::ParameterName, 'An extra field the app expects, e.g. type=layout or profile=max (repeatable)')
            [CompletionResult]::new('--method', '--method', [CompletionResultType]::ParameterName, 'HTTP method for the endpoint (POST, GET, ...) or for `revalidate --bypass` (GET or HEAD) [default: POST for --endpoint, GET for --bypass]')
            [CompletionResult]::new('--resolve', '--resolve', [CompletionResultType]::ParameterName, 'Send HOST:PORT to ADDR instead of resolving it (like curl). Repeat it for one host to revalidate every pod or instance behind it, each reported on its own')
            [CompletionResult]::new('--bypass', '--bypass', [CompletionResultType]::ParameterName, 'Re-render this page now with the x-prerender-revalidate header (repeatable)')
            [CompletionResult]::new('--bypass-token-env', '--bypass-token-env', [CompletionResultType]::ParameterName, 'Environment variable holding the bypass token (Vercel, >= 32 chars) or the self-hosted preview-mode id from .next/prerender-manifest.json [default: ISRCTL_BYPASS_TOKEN]')
            [CompletionResult]::new('--concurrency', '--concurrency', [CompletionResultType]::ParameterName, 'Requests in flight at once')
            [CompletionResult]::new('--retries', '--retries', [CompletionResultType]::ParameterName, 'Retries per request on 429, 5xx and network errors (exponential backoff with jitter, honouring Retry-After)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Per-request timeout')
            [CompletionResult]::new('--retry-base-delay', '--retry-base-delay', [CompletionResultType]::ParameterName, 'First retry wait, usually from ISRCTL_RETRY_BASE_DELAY (the test-suite sets 5ms) [default: 500ms]')
            [CompletionResult]::new('--verify', '--verify', [CompletionResultType]::ParameterName, 'After the call, watch this URL until its content changes (repeatable)')
            [CompletionResult]::new('--verify-timeout', '--verify-timeout', [CompletionResultType]::ParameterName, 'Give up verifying after this long (exit 6)')
            [CompletionResult]::new('--verify-interval', '--verify-interval', [CompletionResultType]::ParameterName, 'How often to request a --verify URL')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour in tables and messages')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format: tables for people, JSON or one JSON object per line for scripts')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Read targets from this isrctl.toml instead of ./isrctl.toml or $XDG_CONFIG_HOME/isrctl/')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Print the exact requests (secrets as ***) and send nothing')
            [CompletionResult]::new('--curl', '--curl', [CompletionResultType]::ParameterName, 'Print the requests as curl commands (secrets as $VAR references) and send nothing')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only the result and errors: no progress, notes, live lines or retry announcements')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only the result and errors: no progress, notes, live lines or retry announcements')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, '-v: a line per request or sample on stderr; -vv: also the wire (request and response headers), secrets shown as ***')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, '-v: a line per request or sample on stderr; -vv: also the wire (request and response headers), secrets shown as ***')
            [CompletionResult]::new('--no-config', '--no-config', [CompletionResultType]::ParameterName, 'Do not read any isrctl.toml')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'isrctl;purge' {
            [CompletionResult]::new('--target', '--target', [CompletionResultType]::ParameterName, 'Use the named target from isrctl.toml (provider, ids, token variable, verify URLs)')
            [CompletionResult]::new('--tag', '--tag', [CompletionResultType]::ParameterName, 'Cache tags to purge (Vercel, Cloudflare, Netlify, Akamai; repeatable, or comma-separated as the vercel CLI takes them: --tag a,b)')
            [CompletionResult]::new('--url', '--url', [CompletionResultType]::ParameterName, 'A full URL to purge (Cloudflare, Fastly, Akamai, http; repeatable)')
            [CompletionResult]::new('--key', '--key', [CompletionResultType]::ParameterName, 'A Fastly surrogate key (repeatable; sent in batches of 256)')
            [CompletionResult]::new('--host', '--host', [CompletionResultType]::ParameterName, 'A hostname to purge entirely (Cloudflare; repeatable)')
            [CompletionResult]::new('--prefix', '--prefix', [CompletionResultType]::ParameterName, 'A host/path prefix to purge (Cloudflare; repeatable)')
            [CompletionResult]::new('--cpcode', '--cpcode', [CompletionResultType]::ParameterName, 'An Akamai CP code: everything it serves (repeatable, or comma-separated)')
            [CompletionResult]::new('--path', '--path', [CompletionResultType]::ParameterName, 'A path in a CloudFront distribution to invalidate: /a, or /blog/* (the * wildcard only at the end); repeatable')
            [CompletionResult]::new('--from-file', '--from-file', [CompletionResultType]::ParameterName, 'Read items from FILE (''-'' = stdin), one per line; blank lines and # comments are ignored')
            [CompletionResult]::new('--file-kind', '--file-kind', [CompletionResultType]::ParameterName, 'What the lines of --from-file are [default: the provider''s main kind: vercel/netlify tag, cloudflare/akamai/http url, fastly key, cloudfront path]')
            [CompletionResult]::new('--deadline', '--deadline', [CompletionResultType]::ParameterName, 'Vercel --hard: keep serving stale until this deadline, then delete (e.g. 60s)')
            [CompletionResult]::new('--type', '--type', [CompletionResultType]::ParameterName, 'Vercel --all: which cache to purge [default: both]')
            [CompletionResult]::new('--project', '--project', [CompletionResultType]::ParameterName, 'Vercel project id or name [default: VERCEL_PROJECT_ID, else .vercel/project.json from `vercel link` in the current directory]')
            [CompletionResult]::new('--team', '--team', [CompletionResultType]::ParameterName, 'Vercel team id (team_...) or slug [default: VERCEL_ORG_ID or .vercel/project.json''s orgId, when it is a team]')
            [CompletionResult]::new('--environment', '--environment', [CompletionResultType]::ParameterName, 'Vercel: only this environment''s cache (production or preview) [default: all]')
            [CompletionResult]::new('--zone', '--zone', [CompletionResultType]::ParameterName, 'Cloudflare zone id, or the zone''s name (example.com), looked up with the token first')
            [CompletionResult]::new('--batch-size', '--batch-size', [CompletionResultType]::ParameterName, 'Items per request: Cloudflare (default 30, at most 500), Netlify (default 100), CloudFront (default 3000)')
            [CompletionResult]::new('--service', '--service', [CompletionResultType]::ParameterName, 'Fastly service id [default: FASTLY_SERVICE_ID, else service_id in ./fastly.toml]')
            [CompletionResult]::new('--site', '--site', [CompletionResultType]::ParameterName, 'Netlify site id or name [default: NETLIFY_SITE_ID, else .netlify/state.json from `netlify link`]')
            [CompletionResult]::new('--network', '--network', [CompletionResultType]::ParameterName, 'Akamai: which network''s caches [default: production]')
            [CompletionResult]::new('--edgerc', '--edgerc', [CompletionResultType]::ParameterName, 'Akamai: the EdgeGrid credentials file [default: AKAMAI_EDGERC, else ~/.edgerc]')
            [CompletionResult]::new('--section', '--section', [CompletionResultType]::ParameterName, 'Akamai: the .edgerc section to use [default: AKAMAI_EDGERC_SECTION, else default]')
            [CompletionResult]::new('--distribution', '--distribution', [CompletionResultType]::ParameterName, 'CloudFront distribution id (E1ABCDEF2GHIJ)')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'The profile of the AWS shared credentials file (AWS_SHARED_CREDENTIALS_FILE, else ~/.aws/credentials) [default: AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY/AWS_SESSION_TOKEN when set, else AWS_PROFILE, else default]')
            [CompletionResult]::new('--wait-timeout', '--wait-timeout', [CompletionResultType]::ParameterName, 'Give up --wait after this long (exit 6) [default: 10m, as the AWS CLI''s waiter]')
            [CompletionResult]::new('--wait-interval', '--wait-interval', [CompletionResultType]::ParameterName, 'How often --wait asks [default: 20s, as the AWS CLI''s waiter]')
            [CompletionResult]::new('--method', '--method', [CompletionResultType]::ParameterName, 'http: the request method (PURGE, BAN, ...) [default: PURGE]')
            [CompletionResult]::new('-H', '-H ', [CompletionResultType]::ParameterName, 'http: an extra request header (repeatable)')
            [CompletionResult]::new('--header', '--header', [CompletionResultType]::ParameterName, 'http: an extra request header (repeatable)')
            [CompletionResult]::new('--secret-header', '--secret-header', [CompletionResultType]::ParameterName, 'Send the secret from --token-env/--token-file (default: ISRCTL_PURGE_SECRET) in this header (e.g. X-Purge-Token), so it is never typed on the command line or shown by --dry-run')
            [CompletionResult]::new('--token-env', '--token-env', [CompletionResultType]::ParameterName, 'Read the API token from this environment variable [default: VERCEL_TOKEN, CLOUDFLARE_API_TOKEN (or CF_API_TOKEN), FASTLY_API_TOKEN, NETLIFY_AUTH_TOKEN or NETLIFY_PURGE_API_TOKEN]')
            [CompletionResult]::new('--token-file', '--token-file', [CompletionResultType]::ParameterName, 'Read the API token from this file (first line)')
            [CompletionResult]::new('--base-url', '--base-url', [CompletionResultType]::ParameterName, 'Send API calls to this root instead of the provider''s (proxies, tests)')
            [CompletionResult]::new('--concurrency', '--concurrency', [CompletionResultType]::ParameterName, 'Requests in flight at once')
            [CompletionResult]::new('--retries', '--retries', [CompletionResultType]::ParameterName, 'Retries per request on 429, 5xx and network errors (exponential backoff with jitter, honouring Retry-After)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Per-request timeout')
            [CompletionResult]::new('--retry-base-delay', '--retry-base-delay', [CompletionResultType]::ParameterName, 'First retry wait, usually from ISRCTL_RETRY_BASE_DELAY (the test-suite sets 5ms) [default: 500ms]')
            [CompletionResult]::new('--verify', '--verify', [CompletionResultType]::ParameterName, 'After the call, watch this URL until its content changes (repeatable)')
            [CompletionResult]::new('--verify-timeout', '--verify-timeout', [CompletionResultType]::ParameterName, 'Give up verifying after this long (exit 6)')
            [CompletionResult]::new('--verify-interval', '--verify-interval', [CompletionResultType]::ParameterName, 'How often to request a --verify URL')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour in tables and messages')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format: tables for people, JSON or one JSON object per line for scripts')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Read targets from this isrctl.toml instead of ./isrctl.toml or $XDG_CONFIG_HOME/isrctl/')
            [CompletionResult]::new('--all', '--all', [CompletionResultType]::ParameterName, 'Purge everything (Vercel project, Fastly service, Netlify site); needs --yes without a terminal')
            [CompletionResult]::new('--everything', '--everything', [CompletionResultType]::ParameterName, 'Purge everything in the Cloudflare zone; needs --yes without a terminal')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Confirm --all/--everything without a prompt')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Confirm --all/--everything without a prompt')
            [CompletionResult]::new('--hard', '--hard', [CompletionResultType]::ParameterName, 'Vercel: delete instead of marking stale (dangerously-delete-by-tags)')
            [CompletionResult]::new('--soft', '--soft', [CompletionResultType]::ParameterName, 'Mark stale instead of deleting (Fastly Fastly-Soft-Purge; Cloudflare invalidate_cache)')
            [CompletionResult]::new('--delete', '--delete', [CompletionResultType]::ParameterName, 'Akamai: delete instead of invalidating (the next request fetches anew, even when the origin''s copy did not change)')
            [CompletionResult]::new('--wait', '--wait', [CompletionResultType]::ParameterName, 'After the invalidations are created, poll GetInvalidation until each is Completed')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Print the exact requests (secrets as ***) and send nothing')
            [CompletionResult]::new('--curl', '--curl', [CompletionResultType]::ParameterName, 'Print the requests as curl commands (secrets as $VAR references) and send nothing')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only the result and errors: no progress, notes, live lines or retry announcements')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only the result and errors: no progress, notes, live lines or retry announcements')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, '-v: a line per request or sample on stderr; -vv: also the wire (request and response headers), secrets shown as ***')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, '-v: a line per request or sample on stderr; -vv: also the wire (request and response headers), secrets shown as ***')
            [CompletionResult]::new('--no-config', '--no-config', [CompletionResultType]::ParameterName, 'Do not read any isrctl.toml')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'isrctl;warm' {
            [CompletionResult]::new('--sitemap', '--sitemap', [CompletionResultType]::ParameterName, 'Warm the URLs of this sitemap.xml (sitemap indexes are followed)')
            [CompletionResult]::new('--from-file', '--from-file', [CompletionResultType]::ParameterName, 'Warm the URLs in this file, one per line (blank lines and # comments skipped); - reads stdin')
            [CompletionResult]::new('--tries', '--tries', [CompletionResultType]::ParameterName, 'Requests per URL at most: it is requested again until its cache answers HIT')
            [CompletionResult]::new('--interval', '--interval', [CompletionResultType]::ParameterName, 'Time between two tries of one URL (at least)')
            [CompletionResult]::new('--concurrency', '--concurrency', [CompletionResultType]::ParameterName, 'At most this many requests in flight at once')
            [CompletionResult]::new('--rate', '--rate', [CompletionResultType]::ParameterName, 'At most this many requests per second, e.g. 10, 10/s or 300/m [default: no limit]')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Per-request timeout (connect, headers and the whole body)')
            [CompletionResult]::new('-H', '-H ', [CompletionResultType]::ParameterName, 'Extra request header (repeatable); credentials in it are never printed')
            [CompletionResult]::new('--header', '--header', [CompletionResultType]::ParameterName, 'Extra request header (repeatable); credentials in it are never printed')
            [CompletionResult]::new('--accept-encoding', '--accept-encoding', [CompletionResultType]::ParameterName, 'Accept-Encoding to send, as a browser does by default: caches keep one copy per encoding, and this is the one warmed')
            [CompletionResult]::new('--resolve', '--resolve', [CompletionResultType]::ParameterName, 'Send HOST:PORT to ADDR instead of resolving it (like curl). Repeat it for one host to warm each POP or instance behind it in turn, each reported on its own')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour in tables and messages')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format: tables for people, JSON or one JSON object per line for scripts')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Read targets from this isrctl.toml instead of ./isrctl.toml or $XDG_CONFIG_HOME/isrctl/')
            [CompletionResult]::new('-k', '-k', [CompletionResultType]::ParameterName, 'Accept invalid TLS certificates')
            [CompletionResult]::new('--insecure', '--insecure', [CompletionResultType]::ParameterName, 'Accept invalid TLS certificates')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only the result and errors: no progress, notes, live lines or retry announcements')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only the result and errors: no progress, notes, live lines or retry announcements')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, '-v: a line per request or sample on stderr; -vv: also the wire (request and response headers), secrets shown as ***')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, '-v: a line per request or sample on stderr; -vv: also the wire (request and response headers), secrets shown as ***')
            [CompletionResult]::new('--no-config', '--no-config', [CompletionResultType]::ParameterName, 'Do not read any isrctl.toml')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'isrctl;completions' {
            [CompletionResult]::new('--out-dir', '--out-dir', [CompletionResultType]::ParameterName, 'Write the script into this directory instead of stdout')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour in tables and messages')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format: tables for people, JSON or one JSON object per line for scripts')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Read targets from this isrctl.toml instead of ./isrctl.toml or $XDG_CONFIG_HOME/isrctl/')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only the result and errors: no progress, notes, live lines or retry announcements')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only the result and errors: no progress, notes, live lines or retry announcements')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, '-v: a line per request or sample on stderr; -vv: also the wire (request and response headers), secrets shown as ***')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, '-v: a line per request or sample on stderr; -vv: also the wire (request and response headers), secrets shown as ***')
            [CompletionResult]::new('--no-config', '--no-config', [CompletionResultType]::ParameterName, 'Do not read any isrctl.toml')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'isrctl;help' {
            [CompletionResult]::new('simulate', 'simulate', [CompletionResultType]::ParameterValue, 'Run the deterministic stale-while-revalidate / ISR simulator')
            [CompletionResult]::new('probe', 'probe', [CompletionResultType]::ParameterValue, 'Watch URLs over time: cache states, transitions, content versions, TTL and lints')
            [CompletionResult]::new('revalidate', 'revalidate', [CompletionResultType]::ParameterValue, 'Ask the app to regenerate paths or tags (its revalidation route or the bypass header)')
            [CompletionResult]::new('purge', 'purge', [CompletionResultType]::ParameterValue, 'Ask a CDN or cache to drop or mark stale: vercel, cloudflare, fastly, netlify, akamai, cloudfront, http')
            [CompletionResult]::new('warm', 'warm', [CompletionResultType]::ParameterValue, 'Request URLs (a sitemap, a list) until their cache answers HIT: after a deploy or a purge')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print a shell completion script to stdout')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'isrctl;help;simulate' {
            break
        }
        'isrctl;help;probe' {
            break
        }
        'isrctl;help;revalidate' {
            break
        }
        'isrctl;help;purge' {
            break
        }
        'isrctl;help;warm' {
            break
        }
        'isrctl;help;completions' {
            break
        }
        'isrctl;help;help' {
            break
        }
    })

    $completions.Where{ $_.CompletionText -like "$wordToComplete*" } |
        Sort-Object -Property ListItemText
}
