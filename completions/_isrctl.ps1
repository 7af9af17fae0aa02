
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
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors and the essential result')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors and the essential result')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more about what is happening (repeat for more); secrets are never printed')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more about what is happening (repeat for more); secrets are never printed')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('simulate', 'simulate', [CompletionResultType]::ParameterValue, 'Run the deterministic stale-while-revalidate / ISR simulator')
            [CompletionResult]::new('probe', 'probe', [CompletionResultType]::ParameterValue, 'Watch URLs over time: cache states, transitions, content versions, TTL and lints')
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
            [CompletionResult]::new('--platform', '--platform', [CompletionResultType]::ParameterName, 'Platform profile')
            [CompletionResult]::new('--built-ago', '--built-ago', [CompletionResultType]::ParameterName, 'The build finished this long before t=0 (prerendered entries are that old at the start)')
            [CompletionResult]::new('--seed', '--seed', [CompletionResultType]::ParameterName, 'Seed for random choices (render-time distributions, failures, workloads)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour in tables and messages')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format: tables for people, JSON or one JSON object per line for scripts')
            [CompletionResult]::new('--on-demand', '--on-demand', [CompletionResultType]::ParameterName, 'Quick-flag paths are not prerendered: the first request renders (MISS)')
            [CompletionResult]::new('--timeline', '--timeline', [CompletionResultType]::ParameterName, 'Always print the per-request timeline')
            [CompletionResult]::new('--summary', '--summary', [CompletionResultType]::ParameterName, 'Print only the summary, never the timeline')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors and the essential result')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors and the essential result')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more about what is happening (repeat for more); secrets are never printed')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more about what is happening (repeat for more); secrets are never printed')
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
            [CompletionResult]::new('--method', '--method', [CompletionResultType]::ParameterName, 'Request method; HEAD identifies content by ETag/Last-Modified only')
            [CompletionResult]::new('--resolve', '--resolve', [CompletionResultType]::ParameterName, 'Send HOST:PORT to ADDR instead of resolving it (like curl), e.g. to probe one POP')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour in tables and messages')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format: tables for people, JSON or one JSON object per line for scripts')
            [CompletionResult]::new('--once', '--once', [CompletionResultType]::ParameterName, 'One request per URL and a full explanation of its cache headers')
            [CompletionResult]::new('-k', '-k', [CompletionResultType]::ParameterName, 'Accept invalid TLS certificates')
            [CompletionResult]::new('--insecure', '--insecure', [CompletionResultType]::ParameterName, 'Accept invalid TLS certificates')
            [CompletionResult]::new('--fail-on-lint', '--fail-on-lint', [CompletionResultType]::ParameterName, 'Exit 6 when any lint fires')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors and the essential result')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors and the essential result')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more about what is happening (repeat for more); secrets are never printed')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more about what is happening (repeat for more); secrets are never printed')
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
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors and the essential result')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors and the essential result')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more about what is happening (repeat for more); secrets are never printed')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more about what is happening (repeat for more); secrets are never printed')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'isrctl;help' {
            [CompletionResult]::new('simulate', 'simulate', [CompletionResultType]::ParameterValue, 'Run the deterministic stale-while-revalidate / ISR simulator')
            [CompletionResult]::new('probe', 'probe', [CompletionResultType]::ParameterValue, 'Watch URLs over time: cache states, transitions, content versions, TTL and lints')
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
