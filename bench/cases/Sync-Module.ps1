<#
    Cases (a) and (b): the module, used the way its help shows.
      (a) Sync-CdfRecord ... | Measure-Object
      (b) Sync-CdfRecord ... | Export-Csv      (when -CsvPath is given)
      (e) Sync-CdfRecord ... | Export-CdfRecord (when -ExportPath is given; CSV, JSON Lines or Parquet by its extension: cases e, ej, ep)
    The access token comes from $env:BENCH_TOKEN, never from the command line.
#>
param(
    [Parameter(Mandatory)][string] $ModulePath,
    [Parameter(Mandatory)][string] $BaseUrl,
    [Parameter(Mandatory)][string] $Project,
    [Parameter(Mandatory)][string] $Stream,
    [Parameter(Mandatory)][string] $Source,
    [string] $CsvPath,
    [string] $ExportPath,
    [switch] $Warm   # time a second pass in the same process (see Measure-Case)
)
$ErrorActionPreference = 'Stop'
. (Join-Path $PSScriptRoot 'Measure-Case.ps1')

Import-Module $ModulePath
# -NoPacing: the emulator has no request budgets here, and this measures the client's own cost.
Connect-CdfProject -BaseUrl $BaseUrl -Project $Project -AccessToken (ConvertTo-SecureString $env:BENCH_TOKEN -AsPlainText -Force) -NoPacing

if ($ExportPath) {
    Measure-Case {
        Sync-CdfRecord -Stream $Stream -Source $Source -InitializeCursor 365d-ago | Export-CdfRecord -Path $ExportPath -Force
        -1
    }
}
elseif ($CsvPath) {
    Measure-Case {
        Sync-CdfRecord -Stream $Stream -Source $Source -InitializeCursor 365d-ago | Export-Csv -Path $CsvPath
        -1
    }
}
else {
    Measure-Case -Warm:$Warm {
        (Sync-CdfRecord -Stream $Stream -Source $Source -InitializeCursor 365d-ago | Measure-Object).Count
    }
}
