<#
    Cases (f) and (fP): PowerShell alone, no module and no HTTP. The same number of objects as the stream holds goes
    through a pipeline into Measure-Object in a fresh pwsh: `[Linq.Enumerable]::Range(0, N) | Measure-Object`.
    What is left of a runbook when the module costs nothing: pwsh's start, the binding of each object to
    Measure-Object on the pipeline thread, and the exit. c1's whole time divided by this one's is the best a/c1 whole
    that any module could reach on the machine.
#>
param([Parameter(Mandatory)][int] $Records)
$ErrorActionPreference = 'Stop'
. (Join-Path $PSScriptRoot 'Measure-Case.ps1')

Measure-Case {
    ([System.Linq.Enumerable]::Range(0, $Records) | Measure-Object).Count
}
