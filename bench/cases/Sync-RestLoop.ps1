<#
    Cases (c1) and (c2): what an administrator writes without the module. A plain Invoke-RestMethod loop over
    the sync endpoint: the body built as a hashtable and sent with ConvertTo-Json, the bearer token in the
    headers, the cursor carried from page to page until hasNext is false, page size 1000 (the maximum).
      (c1) the loop's records into Measure-Object
      (c2) each record flattened with Select-Object (one calculated property per column, the same columns as
           the module's output) into Export-Csv                                    (when -CsvPath is given)
    The calculated properties are what the administrator would type by hand for the container at hand; they
    are made from -Property here only because the benchmark's container is known at run time. Lists and JSON
    objects become compact JSON (-JsonProperty), as the module writes them.
    The access token comes from $env:BENCH_TOKEN, never from the command line.
#>
param(
    [Parameter(Mandatory)][string] $BaseUrl,
    [Parameter(Mandatory)][string] $Project,
    [Parameter(Mandatory)][string] $Stream,
    [Parameter(Mandatory)][string] $Space,
    [Parameter(Mandatory)][string] $Container,
    [string] $Property = '',        # comma-separated property ids (a -File argument cannot be an array)
    [string] $JsonProperty = '',    # those of them to write as compact JSON
    [string] $CsvPath,
    [switch] $Warm   # time a second pass in the same process (see Measure-Case)
)
$ErrorActionPreference = 'Stop'
. (Join-Path $PSScriptRoot 'Measure-Case.ps1')

$headers = @{ Authorization = "Bearer $env:BENCH_TOKEN" }
$uri = "$BaseUrl/api/v1/projects/$Project/streams/$Stream/records/sync"

function Read-CdfStream {
    $body = @{
        sources          = @(@{ source = @{ type = 'container'; space = $Space; externalId = $Container }; properties = @('*') })
        initializeCursor = '365d-ago'
        limit            = 1000
    }
    do {
        $page = Invoke-RestMethod -Method Post -Uri $uri -Headers $headers -ContentType 'application/json' -Body ($body | ConvertTo-Json -Depth 10)
        $page.items
        $body.Remove('initializeCursor')
        $body.cursor = $page.nextCursor
    } while ($page.hasNext)
}

if ($CsvPath) {
    $jsonColumns = $JsonProperty -split ',' | Where-Object { $_ }
    $columns = @(
        @{ Name = 'Space'; Expression = { $_.space } }
        @{ Name = 'ExternalId'; Expression = { $_.externalId } }
        @{ Name = 'Status'; Expression = { $_.status } }
        @{ Name = 'CreatedTime'; Expression = { [DateTimeOffset]::FromUnixTimeMilliseconds($_.createdTime) } }
        @{ Name = 'LastUpdatedTime'; Expression = { [DateTimeOffset]::FromUnixTimeMilliseconds($_.lastUpdatedTime) } }
    )
    foreach ($p in $Property -split ',' | Where-Object { $_ }) {
        # The same text a hand-written calculated property holds, e.g. { $_.properties.'sp'.'ct'.'tags' }.
        $value = "`$_.properties.'$Space'.'$Container'.'$p'"
        $expression = if ($p -in $jsonColumns) { "`$v = $value; if (`$null -ne `$v) { ConvertTo-Json -Compress -Depth 10 -InputObject `$v }" } else { $value }
        $columns += @{ Name = [string]$p; Expression = [scriptblock]::Create($expression) }
    }
    Measure-Case {
        Read-CdfStream | Select-Object -Property $columns | Export-Csv -Path $CsvPath
        -1
    }
}
else {
    Measure-Case -Warm:$Warm {
        (Read-CdfStream | Measure-Object).Count
    }
}
