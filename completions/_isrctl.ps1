
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
            [CompletionResult]::new('--trace', '--trace', [CompletionResultType]::ParameterName, 'Replay a request trace: CSV with time and path columns, `-` for stdin, .gz/.zst by extension')
            [CompletionResult]::new('--trace-format', '--trace-format', [CompletionResultType]::ParameterName, 'Trace line format')
            [CompletionResult]::new('--workload', '--workload', [CompletionResultType]::ParameterName, 'Synthetic workload: zipf:alpha=1.0,keys=100000,rate=1000/s,duration=1h[,changes=10/day][,path=/p/{}]')
            [CompletionResult]::new('--compare', '--compare', [CompletionResultType]::ParameterName, 'Run the same workload under several strategies: ssg, isr, isr+ondemand, ssr')
            [CompletionResult]::new('--sweep', '--sweep', [CompletionResultType]::ParameterName, 'Tabulate a range of TTLs: revalidate=10s..1h')
            [CompletionResult]::new('--max-staleness', '--max-staleness', [CompletionResultType]::ParameterName, 'Staleness budget for --sweep: recommend the largest TTL whose worst staleness fits')
            [CompletionResult]::new('--csv', '--csv', [CompletionResultType]::ParameterName, 'Also write the --compare or --sweep rows as CSV to this file')
            [CompletionResult]::new('--seed', '--seed', [CompletionResultType]::ParameterName, 'Seed for random choices (render-time distributions, failures, workloads)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour in tables and messages')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format: tables for people, JSON or one JSON object per line for scripts')
            [CompletionResult]::new('--on-demand', '--on-demand', [CompletionResultType]::ParameterName, 'Quick-flag paths are not prerendered: the first request renders (MISS)')
            [CompletionResult]::new('--keep-query', '--keep-query', [CompletionResultType]::ParameterName, 'Keep the query string in the cache key (Next.js ignores it)')
            [CompletionResult]::new('--skip-bad-lines', '--skip-bad-lines', [CompletionResultType]::ParameterName, 'Count and skip malformed trace lines instead of stopping at the first')
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
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print a shell completion script to stdout')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'isrctl;help;simulate' {
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
