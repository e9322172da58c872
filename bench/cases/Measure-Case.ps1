# Dot-sourced by every case script: times one case inside its own pwsh process and prints one result line.
# Only the body is timed (not pwsh's start, Import-Module or Connect-CdfProject); the peak working set is
# the whole process's, read at the end (VmHWM on Linux, PeakWorkingSet64 elsewhere).
# Plain .NET calls and operators only, no cmdlets (Select-String, ConvertTo-Json): their first call in a fresh pwsh
# costs ~80–90 ms, which the whole-process figures would otherwise charge to every case as if the case had spent it.

function Get-PeakWorkingSet {
    if ([System.IO.File]::Exists('/proc/self/status')) {
        foreach ($line in [System.IO.File]::ReadAllLines('/proc/self/status')) {
            if ($line -match '^VmHWM:\s+(\d+)\s+kB') { return [long]$Matches[1] * 1024 }
        }
    }
    [System.Diagnostics.Process]::GetCurrentProcess().PeakWorkingSet64
}

function Measure-Case {
    # The body returns the number of records it saw, or -1 when it cannot count them (a CSV case).
    # -Warm runs the body once untimed first, in the same process: what is left is the cost per record without the
    # one-time warm-up (JIT compilation and tiering of PowerShell's and the module's code, first connections).
    param([Parameter(Mandatory)][scriptblock] $Body, [switch] $Warm)
    if ($Warm) { $null = & $Body }
    $process = [System.Diagnostics.Process]::GetCurrentProcess()
    $cpuBefore = $process.TotalProcessorTime
    $jitBefore = [System.Runtime.JitInfo]::GetCompiledMethodCount($false)
    $clock = [System.Diagnostics.Stopwatch]::StartNew()
    $records = & $Body
    $clock.Stop()
    $process.Refresh()
    $cpu = $process.TotalProcessorTime - $cpuBefore
    $jit = [System.Runtime.JitInfo]::GetCompiledMethodCount($false) - $jitBefore
    $result = [ordered]@{
        records             = [long]$records
        seconds             = $clock.Elapsed.TotalSeconds
        cpuSeconds          = $cpu.TotalSeconds
        jitMethods          = $jit
        peakWorkingSetBytes = Get-PeakWorkingSet
        # Every method JIT-compiled in this process so far (start, import, connect, the case): the warm-up it paid.
        jitMethodsTotal     = [System.Runtime.JitInfo]::GetCompiledMethodCount($false)
    }
    $invariant = [System.Globalization.CultureInfo]::InvariantCulture
    $fields = foreach ($entry in $result.GetEnumerator()) { '"{0}":{1}' -f $entry.Key, ([double]$entry.Value).ToString('R', $invariant) }
    'BENCH-RESULT {' + ($fields -join ',') + '}'
}
