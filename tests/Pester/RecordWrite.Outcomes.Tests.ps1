#Requires -Version 7.4
# Every record write's outcome reaches the pipeline exactly once: the outcomes of requests that outlive the
# cmdlet's steps come back through AsyncPSCmdlet's buffered mode. Many rows with bad ones in different batches,
# with and without -ErrorAction Stop; -PassThru, the errors and the stream must all agree.
BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    Import-TestModules
    $script:emu = Start-CdfEmulator
    New-TestContainer $emu -Space 'oc' -Container 'c' -Properties ([ordered]@{ n = 'int64' })
    Connect-CdfProject -Project $emu.Project -BaseUrl $emu.HttpUrl -AccessToken $emu.Token -Quiet

    function script:New-Rows([int] $Count, [int[]] $Bad) {
        # Rows as Import-Csv gives them; the rows in $Bad have a value that is no int64.
        foreach ($i in 1..$Count) { [pscustomobject]@{ ExternalId = "r$i"; n = if ($i -in $Bad) { 'not-a-number' } else { [string]$i } } }
    }
}

AfterAll {
    Disconnect-CdfProject -ErrorAction SilentlyContinue
    if ($script:emu) { Stop-CdfEmulator $script:emu }
}

Describe 'Outcomes of a write of many rows' {
    It 'one result per row, one error per bad row in input order, and the records written in the order they were sent' {
        New-TestStream $emu -Stream 'many'
        $bad = @(7, 1200, 2500, 3499)
        $errors = $null
        $results = @(New-Rows 3500 $bad | Add-CdfRecord 'many' -Container 'oc/c' -Space 'oc' -ThrottleLimit 1 -PassThru -ErrorVariable errors -ErrorAction SilentlyContinue)
        $results.Count | Should -Be 3500
        (($results.Row | Sort-Object) -join ',') | Should -Be ((1..3500) -join ',')
        @($results | Where-Object Status -EQ 'Failed').Row | Should -Be $bad
        @($errors).Count | Should -Be 4
        @($errors | ForEach-Object { $_.TargetObject.Row }) | Should -Be $bad
        # One request at a time: the writer settles the records in the order they were sent, and so they are written.
        $written = @($results | Where-Object Status -EQ 'Succeeded').Row
        $written.Count | Should -Be 3496
        ($written -join ',') | Should -Be (((1..3500) | Where-Object { $_ -notin $bad }) -join ',')
        (Measure-CdfRecord 'many').Count | Should -Be 3496
    }

    It 'under -ErrorAction Stop, a bad row in a later batch: every row before it written, none after it sent, and the error and -PassThru agree' {
        New-TestStream $emu -Stream 'many-stop'
        $results = [System.Collections.Generic.List[object]]::new()
        $err = try { New-Rows 3000 1500 | Add-CdfRecord 'many-stop' -Container 'oc/c' -Space 'oc' -PassThru -ErrorAction Stop | ForEach-Object { $results.Add($_) }; $null } catch { $_ }
        $err.FullyQualifiedErrorId | Should -BeLike 'InvalidRecordValue,*'
        $err.Exception.Message | Should -BeLike '*Stopped (-ErrorAction Stop) at row 1500; written: rows 1-1499; failed: row 1500; not sent: rows 1501-*, and the input after them was not read.'
        # The rows read are those up to the end of the failing row's hand-over (1000 rows at a time).
        $last = [long](($err.Exception.Message -split 'not sent: rows 1501-')[1] -split ',')[0]
        $last | Should -BeGreaterThan 1500
        $last | Should -BeLessThan 3000
        $results.Count | Should -Be $last
        (($results.Row | Sort-Object) -join ',') | Should -Be ((1..$last) -join ',')
        @($results | Where-Object Status -EQ 'Succeeded').Count | Should -Be 1499
        @($results | Where-Object Status -EQ 'Failed').Row | Should -Be @(1500)
        @($results | Where-Object Status -EQ 'NotSent').Count | Should -Be ($last - 1500)
        (Measure-CdfRecord 'many-stop').Count | Should -Be 1499
    }
}
