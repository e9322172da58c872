# A runbook test as a user writes one, against the emulator (it is the example of Move-CdfEmulatorClock's help and of
# the emulator's README): start the emulator in BeforeAll, run the runbook, move the clock past a long weekend, run it
# again, and check what it printed and its exit code. The user's version imports the installed modules instead of
# the test build's.
BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    $script:modulePath = Import-TestModules -PassThru   # a user: Import-Module CogniteRecords, CogniteRecords.Emulator
    $script:emu = Start-CdfEmulator -SeedStream 'readings' -SeedRecords 300 -SeedProperties 4

    # The runbook: sync what is new since the last run (a checkpoint file keeps the cursor), print a count.
    # Exit 0 on success, 2 when the cursor has expired (someone must restart it on purpose), 1 otherwise.
    $script:runbook = Join-Path $TestDrive 'sync-readings.ps1'
    Set-Content -Path $runbook -Value @'
param([string] $Module, [string] $Url, [string] $Checkpoint)
$ErrorActionPreference = 'Stop'
Import-Module $Module
try {
    # -Quiet: the runbook's output is its log, and the connection summary (written to the host) would lead it.
    Connect-CdfProject -Project emulator -BaseUrl $Url -AccessToken $env:CDF_TEST_TOKEN -Quiet
    $readings = @(Sync-CdfRecord readings -Source 'emulator/synthetic' -InitializeCursor 7d-ago -CheckpointPath $Checkpoint)
    "synced $($readings.Count) readings"
    exit 0
}
catch {
    "$($_.FullyQualifiedErrorId): $_ $($_.ErrorDetails.RecommendedAction)"
    if ($_.FullyQualifiedErrorId -like 'CursorExpired,*') { exit 2 }
    exit 1
}
'@
    $script:checkpoint = Join-Path $TestDrive 'readings.checkpoint.json'
    function script:Invoke-Runbook {
        $child = Start-TestPwsh -ArgumentList @('-NoProfile', '-NonInteractive', '-File', $runbook, '-Module', $modulePath,
            '-Url', $emu.HttpUrl, '-Checkpoint', $checkpoint) -Environment @{ CDF_TEST_TOKEN = $emu.Token }
        if (-not $child.Process.WaitForExit(120000)) { $child.Process.Kill($true); throw 'The runbook did not finish in 2 minutes.' }
        [pscustomobject]@{ ExitCode = $child.Process.ExitCode; Out = $child.Out.Result.Trim(); Err = $child.Err.Result }
    }
}

AfterAll {
    if ($script:emu) { Stop-CdfEmulator $script:emu }
}

Describe 'The readings runbook' {
    It 'syncs everything on its first run and nothing new on the next' {
        $first = Invoke-Runbook
        $first.ExitCode | Should -Be 0 -Because $first.Err
        $first.Out | Should -Be 'synced 300 readings'
        $again = Invoke-Runbook
        $again.ExitCode | Should -Be 0 -Because $again.Err
        $again.Out | Should -Be 'synced 0 readings'
    }

    It 'stops with exit code 2 after a long weekend away, when deletes may have been missed, and says how to restart' {
        # Four days: longer than CDF keeps tombstones (3 days), so the kept cursor may have missed deletes.
        Move-CdfEmulatorClock -Days 4 | Out-Null
        $late = Invoke-Runbook
        $late.ExitCode | Should -Be 2 -Because $late.Err
        $late.Out | Should -BeLike 'CursorExpired,*has expired*'
        $late.Out | Should -BeLike "*$checkpoint*-InitializeCursor*"
        # The checkpoint is kept for whoever restarts the sync on purpose.
        Test-Path $checkpoint | Should -BeTrue
    }
}
