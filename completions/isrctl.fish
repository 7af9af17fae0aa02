# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_isrctl_global_optspecs
    string join \n color= format= q/quiet v/verbose h/help V/version
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
complete -c isrctl -n "__fish_isrctl_needs_command" -s q -l quiet -d 'Print only errors and the essential result'
complete -c isrctl -n "__fish_isrctl_needs_command" -s v -l verbose -d 'Say more about what is happening (repeat for more); secrets are never printed'
complete -c isrctl -n "__fish_isrctl_needs_command" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c isrctl -n "__fish_isrctl_needs_command" -s V -l version -d 'Print version'
complete -c isrctl -n "__fish_isrctl_needs_command" -f -a "simulate" -d 'Run the deterministic stale-while-revalidate / ISR simulator'
complete -c isrctl -n "__fish_isrctl_needs_command" -f -a "probe" -d 'Watch URLs over time: cache states, transitions, content versions, TTL and lints'
complete -c isrctl -n "__fish_isrctl_needs_command" -f -a "completions" -d 'Print a shell completion script to stdout'
complete -c isrctl -n "__fish_isrctl_needs_command" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c isrctl -n "__fish_isrctl_using_subcommand simulate" -l revalidate -d 'Route revalidate period: a duration, 0 (render every request) or false (never)' -r
complete -c isrctl -n "__fish_isrctl_using_subcommand simulate" -l at -d 'Request times, comma-separated (`0,45,1m5s`); every --path is requested at each' -r
complete -c isrctl -n "__fish_isrctl_using_subcommand simulate" -l path -d 'Path to request (repeatable)' -r
complete -c isrctl -n "__fish_isrctl_using_subcommand simulate" -l render-time -d 'Render time of a page (default 200ms)' -r
complete -c isrctl -n "__fish_isrctl_using_subcommand simulate" -l expire -d 'Total age limit of an entry (Next.js expireTime; for cdn s-maxage + stale-while-revalidate)' -r
complete -c isrctl -n "__fish_isrctl_using_subcommand simulate" -l platform -d 'Platform profile' -r -f -a "next-start\t'Self-hosted `next start`, as measured against Next.js 16'
vercel\t'Vercel: durable regional ISR cache, request collapsing, retry after 30s on failure'
cdn\t'A generic CDN honouring s-maxage, stale-while-revalidate and stale-if-error'"
complete -c isrctl -n "__fish_isrctl_using_subcommand simulate" -l built-ago -d 'The build finished this long before t=0 (prerendered entries are that old at the start)' -r
complete -c isrctl -n "__fish_isrctl_using_subcommand simulate" -l seed -d 'Seed for random choices (render-time distributions, failures, workloads)' -r
complete -c isrctl -n "__fish_isrctl_using_subcommand simulate" -l color -d 'When to use colour in tables and messages' -r -f -a "auto\t''
always\t''
never\t''"
complete -c isrctl -n "__fish_isrctl_using_subcommand simulate" -l format -d 'Output format: tables for people, JSON or one JSON object per line for scripts' -r -f -a "table\t''
json\t''
ndjson\t''"
complete -c isrctl -n "__fish_isrctl_using_subcommand simulate" -l on-demand -d 'Quick-flag paths are not prerendered: the first request renders (MISS)'
complete -c isrctl -n "__fish_isrctl_using_subcommand simulate" -l timeline -d 'Always print the per-request timeline'
complete -c isrctl -n "__fish_isrctl_using_subcommand simulate" -l summary -d 'Print only the summary, never the timeline'
complete -c isrctl -n "__fish_isrctl_using_subcommand simulate" -s q -l quiet -d 'Print only errors and the essential result'
complete -c isrctl -n "__fish_isrctl_using_subcommand simulate" -s v -l verbose -d 'Say more about what is happening (repeat for more); secrets are never printed'
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
complete -c isrctl -n "__fish_isrctl_using_subcommand probe" -l method -d 'Request method; HEAD identifies content by ETag/Last-Modified only' -r -f -a "GET\t''
HEAD\t''"
complete -c isrctl -n "__fish_isrctl_using_subcommand probe" -l resolve -d 'Send HOST:PORT to ADDR instead of resolving it (like curl), e.g. to probe one POP' -r
complete -c isrctl -n "__fish_isrctl_using_subcommand probe" -l color -d 'When to use colour in tables and messages' -r -f -a "auto\t''
always\t''
never\t''"
complete -c isrctl -n "__fish_isrctl_using_subcommand probe" -l format -d 'Output format: tables for people, JSON or one JSON object per line for scripts' -r -f -a "table\t''
json\t''
ndjson\t''"
complete -c isrctl -n "__fish_isrctl_using_subcommand probe" -l once -d 'One request per URL and a full explanation of its cache headers'
complete -c isrctl -n "__fish_isrctl_using_subcommand probe" -s k -l insecure -d 'Accept invalid TLS certificates'
complete -c isrctl -n "__fish_isrctl_using_subcommand probe" -l fail-on-lint -d 'Exit 6 when any lint fires'
complete -c isrctl -n "__fish_isrctl_using_subcommand probe" -s q -l quiet -d 'Print only errors and the essential result'
complete -c isrctl -n "__fish_isrctl_using_subcommand probe" -s v -l verbose -d 'Say more about what is happening (repeat for more); secrets are never printed'
complete -c isrctl -n "__fish_isrctl_using_subcommand probe" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c isrctl -n "__fish_isrctl_using_subcommand probe" -s V -l version -d 'Print version'
complete -c isrctl -n "__fish_isrctl_using_subcommand completions" -l out-dir -d 'Write the script into this directory instead of stdout' -r -F
complete -c isrctl -n "__fish_isrctl_using_subcommand completions" -l color -d 'When to use colour in tables and messages' -r -f -a "auto\t''
always\t''
never\t''"
complete -c isrctl -n "__fish_isrctl_using_subcommand completions" -l format -d 'Output format: tables for people, JSON or one JSON object per line for scripts' -r -f -a "table\t''
json\t''
ndjson\t''"
complete -c isrctl -n "__fish_isrctl_using_subcommand completions" -s q -l quiet -d 'Print only errors and the essential result'
complete -c isrctl -n "__fish_isrctl_using_subcommand completions" -s v -l verbose -d 'Say more about what is happening (repeat for more); secrets are never printed'
complete -c isrctl -n "__fish_isrctl_using_subcommand completions" -s h -l help -d 'Print help'
complete -c isrctl -n "__fish_isrctl_using_subcommand completions" -s V -l version -d 'Print version'
complete -c isrctl -n "__fish_isrctl_using_subcommand help; and not __fish_seen_subcommand_from simulate probe completions help" -f -a "simulate" -d 'Run the deterministic stale-while-revalidate / ISR simulator'
complete -c isrctl -n "__fish_isrctl_using_subcommand help; and not __fish_seen_subcommand_from simulate probe completions help" -f -a "probe" -d 'Watch URLs over time: cache states, transitions, content versions, TTL and lints'
complete -c isrctl -n "__fish_isrctl_using_subcommand help; and not __fish_seen_subcommand_from simulate probe completions help" -f -a "completions" -d 'Print a shell completion script to stdout'
complete -c isrctl -n "__fish_isrctl_using_subcommand help; and not __fish_seen_subcommand_from simulate probe completions help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
