#Requires -Version 7.4
# The record writes announce retries that go on for more than a few seconds (issue 19, item 2), as the reads do:
# one warning per call, whatever -Verbose says, however many requests retry at once.
BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    Import-TestModules
    $script:emu = Start-CdfEmulator
    New-TestContainer $emu -Space 'rt' -Container 'c' -Properties ([ordered]@{ n = 'int64' })
    Connect-CdfProject -Project $emu.Project -BaseUrl $emu.HttpUrl -AccessToken $emu.Token -RetryDelay '00:00:00.010'
}

AfterAll {
    Disconnect-CdfProject -ErrorAction SilentlyContinue
    if ($script:emu) { Stop-CdfEmulator $script:emu }
}

Describe 'Retries that go on for a while during a write' {
    AfterEach { Clear-CdfEmulatorFault -Emulator $emu }

    It 'warn once per call (two requests retrying at once), and the records land' {
        New-TestStream $emu -Stream 'slow'
        # Two batches (1001 rows), each answered 503 after 3 s twice: both pass the 5 s mark of retrying at about 6 s.
        Set-CdfEmulatorFault -Emulator $emu -Path '/streams/slow/records' -Method POST -Sequence @(
            @{ status = 503; latencyMs = 3000 }, @{ status = 503; latencyMs = 3000 },
            @{ status = 503; latencyMs = 3000 }, @{ status = 503; latencyMs = 3000 }) | Out-Null
        $warned = $null
        1..1001 | ForEach-Object { @{ ExternalId = "r$_"; n = $_ } } |
            Add-CdfRecord 'slow' -Container 'rt/c' -Space 'rt' -ThrottleLimit 2 -WarningVariable warned -WarningAction SilentlyContinue
        $still = @($warned | Where-Object { "$_" -like 'Still trying after*' })
        $still.Count | Should -Be 1
        "$($still[0])" | Should -BeLike '*503*'
        (Measure-CdfRecord 'slow').Count | Should -Be 1001
    }

    It 'say nothing when the retries are short' {
        New-TestStream $emu -Stream 'quick'
        Set-CdfEmulatorFault -Emulator $emu -Path '/streams/quick/records' -Method POST -Sequence @(@{ status = 503 }) | Out-Null
        $warned = $null
        1..3 | ForEach-Object { @{ ExternalId = "r$_"; n = $_ } } | Add-CdfRecord 'quick' -Container 'rt/c' -Space 'rt' -WarningVariable warned
        @($warned).Count | Should -Be 0
        (Measure-CdfRecord 'quick').Count | Should -Be 3
    }
}
