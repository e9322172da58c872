#Requires -Version 7.4
# -ErrorAction Stop with the record writes (issue 19, item 7): after the failure that stops the command no batch
# is sent, and the error (and -PassThru) says which rows were written and which were not; a problem every row
# shares is one error before anything is sent. The emulator's request log and the stream's contents show what
# was sent and what landed.
BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    Import-TestModules
    $script:emu = Start-CdfEmulator
    New-TestContainer $emu -Space 'st' -Container 'c' -Properties ([ordered]@{ n = 'int64' })
    Connect-CdfProject -Project $emu.Project -BaseUrl $emu.HttpUrl -AccessToken $emu.Token -RetryDelay '00:00:00.010'

    function script:New-Rows([int] $Bad = 0) {
        # Five rows as Import-Csv gives them; row $Bad has a value that is no int64.
        foreach ($i in 1..5) { [pscustomobject]@{ ExternalId = "r$i"; n = if ($i -eq $Bad) { 'not-a-number' } else { [string]($i * 10) } } }
    }
    function script:Get-Ids([string] $Stream) { @(Get-CdfRecord $Stream -Source 'st/c' | ForEach-Object ExternalId | Sort-Object) }
    function script:Get-Sent([string] $Stream) {
        # The ids of each write request sent to the stream, in order.
        @(Get-CdfEmulatorRequest -Emulator $emu -Path "/streams/$Stream/records" -Method POST |
                Where-Object { $_.path -like '*/records' -or $_.path -like '*/records/upsert' -or $_.path -like '*/records/delete' } |
                ForEach-Object { ((($_.body | ConvertFrom-Json).items) | ForEach-Object externalId) -join ',' })
    }
    function script:Invoke-Stopped([scriptblock] $Write) {
        # Runs a write; returns the error that stopped it and the -PassThru results written before it stopped.
        $results = [System.Collections.Generic.List[object]]::new()
        $err = try { & $Write | ForEach-Object { $results.Add($_) }; $null } catch { $_ }
        [pscustomobject]@{ Error = $err; Results = $results }
    }
}

AfterAll {
    Disconnect-CdfProject -ErrorAction SilentlyContinue
    if ($script:emu) { Stop-CdfEmulator $script:emu }
}

Describe 'A bad row under -ErrorAction Stop' {
    BeforeEach { Clear-CdfEmulatorFault -Emulator $emu }

    It 'row 2 with a value that does not convert: row 1 is written, rows 3-5 are not sent, and the error says so' {
        New-TestStream $emu -Stream 'stop-value'
        Clear-CdfEmulatorRequest -Emulator $emu
        $r = Invoke-Stopped { New-Rows -Bad 2 | Add-CdfRecord 'stop-value' -Container 'st/c' -Space 'st' -PassThru -ErrorAction Stop }
        $r.Error | Should -Not -BeNullOrEmpty
        $r.Error.FullyQualifiedErrorId | Should -BeLike 'InvalidRecordValue,*'
        $r.Error.CategoryInfo.Category | Should -Be 'InvalidData'
        $r.Error.Exception.Message | Should -BeLike '*Row 2*'
        $r.Error.Exception.Message | Should -BeLike '*written: row 1;*'
        $r.Error.Exception.Message | Should -BeLike '*failed: row 2;*'
        $r.Error.Exception.Message | Should -BeLike '*not sent: rows 3-5*'
        $r.Error.ErrorDetails.RecommendedAction | Should -BeLike '*rows 2-5*'
        # What was sent and what landed.
        Get-Sent 'stop-value' | Should -Be @('r1')
        Get-Ids 'stop-value' | Should -Be @('r1')
        # -PassThru: a result per row (in the order they were settled).
        $results = @($r.Results | Sort-Object Row)
        $results.Row | Should -Be @(1, 2, 3, 4, 5)
        $results.Status | Should -Be @('Succeeded', 'Failed', 'NotSent', 'NotSent', 'NotSent')
        $results[2].ErrorId | Should -Be 'RecordNotSent'
    }

    It 'row 2 that the service refuses: the batch is halved to find it, and nothing after it is sent' {
        New-TestStream $emu -Stream 'stop-server'
        Clear-CdfEmulatorRequest -Emulator $emu
        # The whole batch, then its first half, then row 2 alone are refused (400); row 1 alone is taken.
        Set-CdfEmulatorFault -Emulator $emu -Path '/streams/stop-server/records' -Method POST -Sequence @(
            @{ status = 400 }, @{ status = 400 }, @{ kind = 'none' }, @{ status = 400 }) | Out-Null
        $r = Invoke-Stopped { New-Rows | Add-CdfRecord 'stop-server' -Container 'st/c' -Space 'st' -PassThru -ErrorAction Stop }
        Clear-CdfEmulatorFault -Emulator $emu
        $r.Error | Should -Not -BeNullOrEmpty
        $r.Error.Exception.Message | Should -BeLike "*'st/r2' (row 2)*"
        $r.Error.Exception.Message | Should -BeLike '*written: row 1;*not sent: rows 3-5*'
        Get-Sent 'stop-server' | Should -Be @('r1,r2,r3,r4,r5', 'r1,r2', 'r1', 'r2')
        Get-Ids 'stop-server' | Should -Be @('r1')
        @($r.Results | Sort-Object Row).Status | Should -Be @('Succeeded', 'Failed', 'NotSent', 'NotSent', 'NotSent')
    }

    It 'without Stop, the same bad row is one error and every other row lands (as before)' {
        New-TestStream $emu -Stream 'stop-none'
        $errors = $null
        New-Rows -Bad 2 | Add-CdfRecord 'stop-none' -Container 'st/c' -Space 'st' -ErrorVariable errors -ErrorAction SilentlyContinue
        $errors.Count | Should -Be 1
        Get-Ids 'stop-none' | Should -Be @('r1', 'r3', 'r4', 'r5')
    }

    It '$ErrorActionPreference = Stop stops the same way as -ErrorAction Stop' {
        New-TestStream $emu -Stream 'stop-pref'
        $r = Invoke-Stopped { $ErrorActionPreference = 'Stop'; New-Rows -Bad 2 | Set-CdfRecord 'stop-pref' -Container 'st/c' -Space 'st' }
        $r.Error.FullyQualifiedErrorId | Should -BeLike 'InvalidRecordValue,*'
        Get-Ids 'stop-pref' | Should -Be @('r1')
    }

    It 'Remove-CdfRecord stops at a bad id, and deletes nothing after it' {
        New-TestStream $emu -Stream 'stop-remove'
        New-Rows | Add-CdfRecord 'stop-remove' -Container 'st/c' -Space 'st'
        Clear-CdfEmulatorRequest -Emulator $emu
        $r = Invoke-Stopped { 'r1', '', 'r3' | Remove-CdfRecord 'stop-remove' -Space 'st' -Confirm:$false -PassThru -ErrorAction Stop }
        $r.Error.FullyQualifiedErrorId | Should -BeLike 'MissingExternalId,*'
        $r.Error.Exception.Message | Should -BeLike '*not sent: row 3*'
        Get-Sent 'stop-remove' | Should -Be @('r1')
        Get-Ids 'stop-remove' | Should -Be @('r2', 'r3', 'r4', 'r5')
    }
}

Describe 'A problem every row shares is one error, before any request' {
    It '<Name>' -ForEach @(
        @{ Name = 'no -Space and no Space column: one MissingSpace'; Id = 'MissingSpace'; Write = { New-Rows | Add-CdfRecord 'shared' -Container 'st/c' } }
        @{ Name = 'no ExternalId column: one MissingExternalId'; Id = 'MissingExternalId'; Write = { New-Rows | Select-Object n | Add-CdfRecord 'shared' -Container 'st/c' -Space 'st' } }
        @{ Name = 'Remove-CdfRecord of ids without -Space: one MissingSpace'; Id = 'MissingSpace'; Write = { 'r1', 'r2', 'r3' | Remove-CdfRecord 'shared' -Confirm:$false } }
    ) {
        Clear-CdfEmulatorRequest -Emulator $emu
        $errors = $null
        $err = try { & $Write -ErrorVariable errors; $null } catch { $_ }
        $err | Should -Not -BeNullOrEmpty
        $err.FullyQualifiedErrorId | Should -BeLike "$Id,*"
        $err.CategoryInfo.Category | Should -Be 'InvalidArgument'
        $err.Exception.Message | Should -BeLike '*Nothing was sent*'
        @(Get-CdfEmulatorRequest -Emulator $emu).Count | Should -Be 0
    }

    It 'is one error, not one per row, with the default error action' {
        $ev = $null
        try { New-Rows | Add-CdfRecord 'shared' -Container 'st/c' -ErrorVariable ev } catch { }
        $ev.Count | Should -Be 1
        $record = if ($ev[0] -is [System.Management.Automation.ErrorRecord]) { $ev[0] } else { $ev[0].ErrorRecord }
        $record.FullyQualifiedErrorId | Should -BeLike 'MissingSpace,*'
    }
}
