#Requires -Version 7.4
<#
.SYNOPSIS
    One identity's budget, shared (issue 16): 8 parallel syncs of 8 streams on ONE connection against the emulator in
    throttling mode, with and without pacing.
.DESCRIPTION
    Starts the emulator with -Throttle (CDF's per-identity budgets; -ThrottleScale multiplies their rates), seeds 8
    mutable streams, and for each mode (paced: Connect-CdfProject's default; unpaced: -NoPacing) runs
    `1..8 | ForEach-Object -Parallel { Sync-CdfRecord s$_ ... -Connection $using:c }` and reports records per second
    against the budget's ceiling and the share of sync requests that got 429 (from the emulator's request log).

    The ceiling is the smaller of what the request budget (30 requests/s x 1000 records) and the response volume budget
    (3 MB/s divided by the bytes a record weighs in a sync answer, measured on one page) allow, both times the scale.
    Prints `uptime` first: on a shared machine the figures depend on the load.
.EXAMPLE
    dotnet pwsh bench/Measure-SharedBudget.ps1 -Records 20000
#>
param(
    [int] $Records = 20000,
    [int] $Properties = 10,
    [double] $ThrottleScale = 1,
    [int] $Repeat = 1
)
$ErrorActionPreference = 'Stop'
$root = Split-Path $PSScriptRoot -Parent
$module = Join-Path $root 'out/CogniteRecords/CogniteRecords.psd1'
Import-Module $module -Force
Import-Module (Join-Path $root 'out/CogniteRecords.Emulator/CogniteRecords.Emulator.psd1') -Force

"uptime: $(uptime)"
$emu = Start-CdfEmulator -Throttle -ThrottleScale $ThrottleScale
try {
    foreach ($i in 1..8) {
        $body = @{ project = $emu.Project; stream = "s$i"; records = $Records; properties = $Properties; template = 'BasicLiveData' } | ConvertTo-Json
        Invoke-RestMethod -Method Post "$($emu.HttpUrl)/_emulator/seed" -ContentType 'application/json' -Body $body | Out-Null
    }
    # The weight of a record in a sync answer: one page of 1000, read outside the module (and outside the timed runs).
    $headers = @{ Authorization = "Bearer $($emu.Token)" }
    $page = Invoke-WebRequest -Method Post "$($emu.ProjectUrl)/streams/s1/records/sync" -Headers $headers -ContentType 'application/json' `
        -Body '{"initializeCursor":"365d-ago","limit":1000,"sources":[{"source":{"type":"container","space":"emulator","externalId":"synthetic"},"properties":["*"]}]}'
    $items = ($page.Content | ConvertFrom-Json).items.Count
    $bytesPerRecord = $page.RawContentLength / $items
    $byRequests = 30 * 1000 * $ThrottleScale
    $byVolume = 3e6 * $ThrottleScale / $bytesPerRecord
    $ceiling = [math]::Min($byRequests, $byVolume)
    $binding = if ($byVolume -lt $byRequests) { 'response volume (3 MB/s)' } else { 'requests (30/s)' }
    '{0:N0} records x 8 streams, {1} properties; {2:N0} bytes/record in a sync answer; ceiling {3:N0} records/s (bound by {4}; scale {5})' -f $Records, $Properties, $bytesPerRecord, $ceiling, $binding, $ThrottleScale
    Start-Sleep -Seconds 2   # let the budgets refill after the seeding and the measuring page

    $results = foreach ($run in 1..$Repeat) {
        foreach ($mode in 'paced', 'unpaced') {
            # Paced within the budget the emulator enforces: its rates times the scale (-BudgetShare, at most 1).
            $c = if ($mode -eq 'paced') { Connect-CdfProject -Project $emu.Project -BaseUrl $emu.HttpUrl -AccessToken $emu.Token -BudgetShare ([math]::Min([double]1, $ThrottleScale)) -PassThru }
            else { Connect-CdfProject -Project $emu.Project -BaseUrl $emu.HttpUrl -AccessToken $emu.Token -NoPacing -PassThru }
            Clear-CdfEmulatorRequest -Emulator $emu
            Start-Sleep -Seconds 2
            $watch = [Diagnostics.Stopwatch]::StartNew()
            $counts = 1..8 | ForEach-Object -ThrottleLimit 8 -Parallel {
                Import-Module $using:module
                (Sync-CdfRecord -Stream "s$_" -Source 'emulator/synthetic' -InitializeCursor 365d-ago -Connection $using:c -WarningAction SilentlyContinue | Measure-Object).Count
            }
            $seconds = $watch.Elapsed.TotalSeconds
            $total = ($counts | Measure-Object -Sum).Sum
            $log = @(Get-CdfEmulatorRequest -Emulator $emu -Path '/records/sync')
            $throttled = @($log | Where-Object status -EQ 429).Count
            [pscustomobject]@{
                Run = $run; Mode = $mode; Records = $total; Seconds = [math]::Round($seconds, 2)
                RecordsPerSecond = [math]::Round($total / $seconds)
                OfCeiling = '{0:P1}' -f ($total / $seconds / $ceiling)
                SyncRequests = $log.Count; Got429 = $throttled
                Share429 = '{0:P2}' -f $(if ($log.Count) { $throttled / $log.Count } else { 0 })
            }
        }
    }
    $results | Format-Table -AutoSize | Out-String -Width 200
    "uptime: $(uptime)"
}
finally {
    Stop-CdfEmulator $emu
}
