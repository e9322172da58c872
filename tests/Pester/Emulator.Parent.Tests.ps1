#Requires -Version 7.4
# The emulator ends with the process that started it: a script that never calls Stop-CdfEmulator leaks nothing.
BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    $script:emulatorModule = if ($env:COGNITERECORDS_EMULATOR_MODULE) { $env:COGNITERECORDS_EMULATOR_MODULE } else { Join-Path $PSScriptRoot '../../out/CogniteRecords.Emulator/CogniteRecords.Emulator.psd1' }
    $script:emulatorModule = (Resolve-Path $emulatorModule).Path

    function script:Wait-ProcessGone([int] $Id, [int] $Seconds) {
        $deadline = [DateTime]::UtcNow.AddSeconds($Seconds)
        while ([DateTime]::UtcNow -lt $deadline) {
            $p = Get-Process -Id $Id -ErrorAction SilentlyContinue
            if (-not $p -or $p.HasExited) { return $true }
            Start-Sleep -Milliseconds 200
        }
        $false
    }
}

Describe 'Start-CdfEmulator' {
    It 'stops the emulator when the PowerShell that started it ends without Stop-CdfEmulator' {
        $script = "Import-Module '$emulatorModule'; `$e = Start-CdfEmulator; [Console]::Out.WriteLine(`$e.Process.Id); [Console]::Out.WriteLine(`$e.HttpUrl)"
        $child = Start-TestPwsh -ArgumentList '-NoProfile', '-NonInteractive', '-Command', $script
        $child.Process.WaitForExit(120000) | Should -BeTrue
        $lines = @($child.Out.Result -split "`r?`n" | Where-Object { $_ })
        $lines.Count | Should -BeGreaterOrEqual 2 -Because "the child said: $($child.Out.Result) $($child.Err.Result)"
        $emulatorId = [int]$lines[0]
        try {
            # A generous bound: it stops gracefully within about a second of its standard input closing.
            Wait-ProcessGone $emulatorId 30 | Should -BeTrue -Because 'the emulator must end with its parent'
            { Invoke-RestMethod "$($lines[1])/_emulator/config" -TimeoutSec 5 } | Should -Throw
        }
        finally {
            $left = Get-Process -Id $emulatorId -ErrorAction SilentlyContinue
            if ($left -and -not $left.HasExited -and $left.ProcessName -match 'dotnet|CogniteRecords') { $left.Kill() }
        }
    }

    It 'Stop-CdfEmulator still stops it at once, gracefully' {
        Import-Module $emulatorModule -Force
        $e = Start-CdfEmulator
        $clock = [Diagnostics.Stopwatch]::StartNew()
        Stop-CdfEmulator $e
        $e.Process.HasExited | Should -BeTrue
        $e.Process.ExitCode | Should -Be 0
        $clock.Elapsed.TotalSeconds | Should -BeLessThan 14 -Because 'a graceful stop, not the kill after the timeout'
    }
}
