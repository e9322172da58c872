<# The module's import time, in a fresh pwsh: Import-Module alone is timed, not the start of pwsh. #>
param([Parameter(Mandatory)][string] $ModulePath)
$ErrorActionPreference = 'Stop'
$elapsed = Measure-Command { Import-Module $ModulePath }
'BENCH-RESULT ' + (@{ importMilliseconds = $elapsed.TotalMilliseconds } | ConvertTo-Json -Compress)
