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
# Signed in as an unattended runbook does: the token from the environment (CDF_TOKEN, as the scheduler's secret store
# hands it over), not through ConvertTo-SecureString, whose first call loads Microsoft.PowerShell.Security (~140 ms of
# a fresh process that the loop of (c1), which puts $env:BENCH_TOKEN straight into its header, does not pay).
# -Quiet: no summary line on the host. -NoPacing: the emulator has no request budgets here, and this measures the
# client's own cost.
$env:CDF_TOKEN = $env:BENCH_TOKEN
Connect-CdfProject -BaseUrl $BaseUrl -Project $Project -NoPacing -Quiet

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
