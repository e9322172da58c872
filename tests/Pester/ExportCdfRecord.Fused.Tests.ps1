# Sync-CdfRecord | Export-CdfRecord, adjacent: the records go over page by page (fused), and the file is the same byte for
# byte as when they cross the pipeline one by one (a ForEach-Object between the two cannot fuse), for every format and
# option; -PassThru, -AsHashtable, -Raw, -WhatIf and the stream parameters do not fuse.
BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    Import-TestModules
    $script:emu = Start-CdfEmulator
    Connect-CdfProject -Project $emu.Project -BaseUrl $emu.HttpUrl -AccessToken $emu.Token -Quiet

    New-TestContainer $emu -Space 'fz' -Container 'all' -Properties ([ordered]@{
            name = 'text'; big = 'int64'; small = 'int32'; f64 = 'float64'; f32 = 'float32'; ok = 'boolean'
            when = 'timestamp'; day = 'date'; meta = 'json'; tags = 'text[]'; nums = 'int64[]'; ref = 'direct'
        })
    New-TestStream $emu -Stream 'fz'
    $records = @(
        @{ ExternalId = 'e1'; name = 'plain'; big = 9007199254740993; small = -2147483648; f64 = 0.1; f32 = 0.5; ok = $true
            when = '2026-12-02T12:53:41.965Z'; day = '2026-12-02'; meta = [ordered]@{ a = 1; b = @('x', $null) }; tags = @('a', 'b;c')
            nums = @(9223372036854775807, -9223372036854775807); ref = [ordered]@{ space = 'fz'; externalId = 'e2' }
        }
        @{ ExternalId = 'e2'; name = "comma, ""quote""; semi`r`nline break"; big = -9223372036854775807; small = 2147483647; f64 = 1.7976931348623157E308
            f32 = 2.5; ok = $false; when = '1970-01-01T00:00:00.001Z'; day = '1999-12-31'; meta = [ordered]@{}; tags = @(); nums = @(0)
        }
        @{ ExternalId = 'e3'; name = '=SUM(A1:A2)'; f64 = -2.5E-300; when = '2026-12-02T12:53:41.000Z' }
        @{ ExternalId = 'e4'; name = 'Ünïcödé ✓ 日本'; f64 = 123456789.125 }
        @{ ExternalId = 'gone'; name = 'soon deleted'; big = 1 }
    )
    foreach ($i in 1..40) { $records += @{ ExternalId = "n$i"; name = "row $i"; big = $i * 1000; f64 = $i / 7; ok = ($i % 2 -eq 0) } }
    Add-TestRecord $emu -Stream 'fz' -Space 'fz' -Container 'all' -Record $records
    Remove-TestRecord $emu -Stream 'fz' -Space 'fz' -ExternalId 'gone'

    $script:fusedLine = 'go straight to Export-CdfRecord'

    function script:Get-Bytes([string] $Path) {
        # A file's bytes, or for a Parquet folder each part's name and bytes, in name order.
        if (Test-Path $Path -PathType Container) {
            foreach ($f in @(Get-ChildItem $Path -File | Sort-Object Name)) { $f.Name; [Convert]::ToBase64String([IO.File]::ReadAllBytes($f.FullName)) }
        }
        else { [Convert]::ToBase64String([IO.File]::ReadAllBytes($Path)) }
    }

    function script:Invoke-Both {
        # Runs the same export fused (Sync | Export) and not (Sync | ForEach-Object | Export); returns both paths and the
        # verbose lines of each Export-CdfRecord.
        param([string] $Name, [hashtable] $Sync, [hashtable] $Export = @{}, [scriptblock] $Prepare)
        $fused = Join-Path $TestDrive "fused-$Name"
        $piped = Join-Path $TestDrive "piped-$Name"
        if ($Prepare) { & $Prepare $fused; & $Prepare $piped }
        $s = @{ Stream = 'fz'; Source = 'fz/all'; InitializeCursor = '1d-ago'; PageSize = 7 } + $Sync
        $vf = @(Sync-CdfRecord @s | Export-CdfRecord $fused @Export -Verbose 4>&1)
        $vp = @(Sync-CdfRecord @s | ForEach-Object { $_ } | Export-CdfRecord $piped @Export -Verbose 4>&1)
        [pscustomobject]@{
            Fused = $fused; Piped = $piped
            FusedVerbose = @($vf | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] } | ForEach-Object { "$_" })
            PipedVerbose = @($vp | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] } | ForEach-Object { "$_" })
            FusedObjects = @($vf | Where-Object { $_ -isnot [System.Management.Automation.VerboseRecord] }).Count
            PipedObjects = @($vp | Where-Object { $_ -isnot [System.Management.Automation.VerboseRecord] }).Count
        }
    }
}

AfterAll {
    if ($script:emu) { Stop-CdfEmulator $script:emu }
}

Describe 'Sync-CdfRecord | Export-CdfRecord fused' {
    It 'writes the same <Name> byte for byte, and says it fused' -TestCases @(
        @{ Name = 'plain.csv'; Sync = @{}; Export = @{} }
        @{ Name = 'semi-bom.csv'; Sync = @{}; Export = @{ Delimiter = ';'; Encoding = 'utf8BOM' } }
        @{ Name = 'utf16.csv'; Sync = @{}; Export = @{ Encoding = 'unicode' } }
        @{ Name = 'iso.csv'; Sync = @{ TimestampFormat = 'Iso8601' }; Export = @{} }
        @{ Name = 'firstskip.csv'; Sync = @{ First = 11; Skip = 3 }; Export = @{} }
        @{ Name = 'plain.jsonl'; Sync = @{}; Export = @{} }
        @{ Name = 'iso.jsonl'; Sync = @{ TimestampFormat = 'Iso8601' }; Export = @{} }
        @{ Name = 'plain.parquet'; Sync = @{}; Export = @{} }
        @{ Name = 'parts.parquet'; Sync = @{}; Export = @{ PartSize = 10 } }
        @{ Name = 'iso.parquet'; Sync = @{ TimestampFormat = 'Iso8601' }; Export = @{} }
        @{ Name = 'csvformat.txt'; Sync = @{}; Export = @{ Format = 'Csv' } }
    ) {
        param($Name, $Sync, $Export)
        $r = Invoke-Both -Name $Name -Sync $Sync -Export $Export
        $r.FusedVerbose -match $fusedLine | Should -Not -BeNullOrEmpty
        $r.PipedVerbose -match $fusedLine | Should -BeNullOrEmpty
        $fused = @(Get-Bytes $r.Fused)
        $fused.Count | Should -BeGreaterThan 0
        $fused | Should -Be @(Get-Bytes $r.Piped)
        if ($Name -like '*.csv') {
            # Every record read, the tombstone with it (a test that passes on two empty files would prove nothing).
            $rows = @(Import-Csv $r.Fused -Delimiter ($Export['Delimiter'] ?? ',') -Encoding ($Export['Encoding'] ?? 'utf8'))
            $rows.Count | Should -Be ($Sync['First'] ?? 45)
            if (-not $Sync['First']) { ($rows | Where-Object ExternalId -EQ 'gone').Status | Should -Be 'deleted' }
        }
    }

    It 'appends the same bytes to an existing <Name> with -Append' -TestCases @(
        @{ Name = 'append.csv' }
        @{ Name = 'append.jsonl' }
        @{ Name = 'append.parquet' }
    ) {
        param($Name)
        $seed = Join-Path $TestDrive "seed-$Name"
        Sync-CdfRecord 'fz' -Source 'fz/all' -InitializeCursor 1d-ago -First 5 | Export-CdfRecord $seed
        $r = Invoke-Both -Name $Name -Sync @{} -Export @{ Append = $true } -Prepare { param($p) Copy-Item $seed $p -Recurse }
        $r.FusedVerbose -match $fusedLine | Should -Not -BeNullOrEmpty
        @(Get-Bytes $r.Fused) | Should -Be @(Get-Bytes $r.Piped)
        (Get-Bytes $r.Fused) | Should -Not -Be (Get-Bytes $seed)
    }

    It 'keeps the checkpoint protocol: the same file and the same committed state with -CheckpointPath' {
        $cf = Join-Path $TestDrive 'fused.checkpoint'
        $cp = Join-Path $TestDrive 'piped.checkpoint'
        $ff = Join-Path $TestDrive 'fused-cp.csv'
        $fp = Join-Path $TestDrive 'piped-cp.csv'
        $v = @(Sync-CdfRecord 'fz' -Source 'fz/all' -InitializeCursor 1d-ago -PageSize 7 -CheckpointPath $cf | Export-CdfRecord $ff -Verbose 4>&1 | ForEach-Object { "$_" })
        Sync-CdfRecord 'fz' -Source 'fz/all' -InitializeCursor 1d-ago -PageSize 7 -CheckpointPath $cp | ForEach-Object { $_ } | Export-CdfRecord $fp
        $v -match $fusedLine | Should -Not -BeNullOrEmpty
        Get-Bytes $ff | Should -Be (Get-Bytes $fp)
        $jf = Get-Content -Raw $cf | ConvertFrom-Json -AsHashtable
        $jp = Get-Content -Raw $cp | ConvertFrom-Json -AsHashtable
        $jf.participants["export|$ff"] | Should -Be $jp.participants["export|$fp"]
        $jf.participants["export|$ff"] | Should -Not -BeNullOrEmpty
        $jf.recordsRead | Should -Be 45
        # A second run continues from the checkpoint and adds nothing (caught up), fused as well.
        Sync-CdfRecord 'fz' -Source 'fz/all' -PageSize 7 -CheckpointPath $cf | Export-CdfRecord $ff -Append
        Get-Bytes $ff | Should -Be (Get-Bytes $fp)
    }

    It 'stops with the same error of Export-CdfRecord, naming the file, when the writing fails (a full disk: /dev/full)' {
        # /dev/full refuses every write (ENOSPC), as a full disk does.
        $errors = foreach ($between in $false, $true) {
            $e = {
                if ($between) { Sync-CdfRecord 'fz' -Source 'fz/all' -InitializeCursor 1d-ago -PageSize 7 | ForEach-Object { $_ } | Export-CdfRecord /dev/full -Format Csv }
                else { Sync-CdfRecord 'fz' -Source 'fz/all' -InitializeCursor 1d-ago -PageSize 7 | Export-CdfRecord /dev/full -Format Csv }
            } | Should -Throw -PassThru
            $e
        }
        $errors[0].FullyQualifiedErrorId | Should -BeExactly 'ExportWriteFailed,CogniteRecords.Commands.ExportCdfRecordCommand'
        $errors[0].FullyQualifiedErrorId | Should -BeExactly $errors[1].FullyQualifiedErrorId
        $errors[0].Exception.Message | Should -BeExactly $errors[1].Exception.Message
        $errors[0].TargetObject | Should -Be '/dev/full'
        $errors[0].InvocationInfo.MyCommand.Name | Should -Be 'Export-CdfRecord'
    }

    It 'writes records of a column whose type changed the same, and refuses the same one in <Name> with the same error' -TestCases @(
        @{ Name = 'moved.csv'; Errors = 0 }
        @{ Name = 'moved.jsonl'; Errors = 0 }
        @{ Name = 'moved.parquet'; Errors = 1 }
    ) {
        param($Name, $Errors)
        if (-not (Get-CdfStream -ErrorAction SilentlyContinue | Where-Object ExternalId -EQ 'fz-moved')) {
            New-TestContainer $emu -Space fz -Container moved -Properties ([ordered]@{ n = 'text'; label = 'text' })
            New-TestStream $emu -Stream 'fz-moved'
            Add-TestRecord $emu -Stream 'fz-moved' -Space fz -Container moved -Record @(@{ ExternalId = 'm1'; n = 'twelve'; label = 'before' })
            # The property becomes int64: m1 keeps its text (an untyped twin record; for a Parquet int64 column a value that does not fit).
            New-TestContainer $emu -Space fz -Container moved -Properties ([ordered]@{ n = 'int64'; label = 'text' })
            Add-TestRecord $emu -Stream 'fz-moved' -Space fz -Container moved -Record @(@{ ExternalId = 'm2'; n = 5; label = 'after' }, @{ ExternalId = 'm3'; n = 6; label = 'after' })
        }
        $ErrorActionPreference = 'Continue'
        $fused = Join-Path $TestDrive "fused-$Name"
        $piped = Join-Path $TestDrive "piped-$Name"
        $of = @(Sync-CdfRecord 'fz-moved' -Source 'fz/moved' -InitializeCursor 1d-ago -PageSize 1 3>$null | Export-CdfRecord $fused -Verbose 4>&1 2>&1)
        $op = @(Sync-CdfRecord 'fz-moved' -Source 'fz/moved' -InitializeCursor 1d-ago -PageSize 1 3>$null | ForEach-Object { $_ } | Export-CdfRecord $piped 2>&1)
        @($of | Where-Object { "$_" -match $fusedLine }).Count | Should -Be 1
        $ef = @($of | Where-Object { $_ -is [System.Management.Automation.ErrorRecord] })
        $ep = @($op | Where-Object { $_ -is [System.Management.Automation.ErrorRecord] })
        $ef.Count | Should -Be $Errors
        $ep.Count | Should -Be $Errors
        if ($Errors) {
            $ef[0].FullyQualifiedErrorId | Should -BeExactly $ep[0].FullyQualifiedErrorId
            $ef[0].FullyQualifiedErrorId | Should -BeLike 'ExportValueInvalid,*ExportCdfRecordCommand'
            "$ef" | Should -BeExactly "$ep"
            $ef[0].InvocationInfo.MyCommand.Name | Should -Be 'Export-CdfRecord'
        }
        @(Get-Bytes $fused) | Should -Be @(Get-Bytes $piped)
    }

    It 'does not fuse with <Why>, and writes as before' -TestCases @(
        @{ Why = '-PassThru'; Sync = @{}; Export = @{ PassThru = $true }; Objects = 45 }
        @{ Why = '-Raw'; Sync = @{ Raw = $true }; Export = @{}; Objects = 0 }
        @{ Why = '-OutVariable on Sync-CdfRecord'; Sync = @{ OutVariable = 'seen' }; Export = @{}; Objects = 0 }
        @{ Why = '-ErrorAction on Export-CdfRecord'; Sync = @{}; Export = @{ ErrorAction = 'Stop' }; Objects = 0 }
    ) {
        param($Why, $Sync, $Export)
        $name = ($Why -replace '[^a-zA-Z]', '') + '.csv'
        $r = Invoke-Both -Name $name -Sync $Sync -Export $Export
        $r.FusedVerbose -match $fusedLine | Should -BeNullOrEmpty
        $r.FusedObjects | Should -Be $Objects
        $r.PipedObjects | Should -Be $Objects
        Get-Bytes $r.Fused | Should -Be (Get-Bytes $r.Piped)
        @(Import-Csv $r.Fused).Count | Should -Be 45
    }

    It 'does not fuse with -AsHashtable (Export-CdfRecord refuses the hashtables, one error each, as before)' {
        $f = Join-Path $TestDrive 'hashtable.csv'
        $ErrorActionPreference = 'Continue'
        $v = @(Sync-CdfRecord 'fz' -Source 'fz/all' -InitializeCursor 1d-ago -AsHashtable | Export-CdfRecord $f -Verbose 4>&1 2>&1)
        @($v | Where-Object { "$_" -match $fusedLine }) | Should -BeNullOrEmpty
        $errors = @($v | Where-Object { $_ -is [System.Management.Automation.ErrorRecord] })
        $errors.Count | Should -Be 45
        $errors[0].FullyQualifiedErrorId | Should -BeLike 'InputNotARecord,*'
    }

    It 'does not fuse when a command stands between, or with -WhatIf' {
        $f = Join-Path $TestDrive 'between.csv'
        $v = @(Sync-CdfRecord 'fz' -Source 'fz/all' -InitializeCursor 1d-ago | Where-Object { $true } | Export-CdfRecord $f -Verbose 4>&1 | ForEach-Object { "$_" })
        $v -match $fusedLine | Should -BeNullOrEmpty
        @(Import-Csv $f).Count | Should -Be 45
        $w = Join-Path $TestDrive 'whatif.csv'
        $v = @(Sync-CdfRecord 'fz' -Source 'fz/all' -InitializeCursor 1d-ago | Export-CdfRecord $w -WhatIf -Verbose 4>&1 | ForEach-Object { "$_" })
        $v -match $fusedLine | Should -BeNullOrEmpty
        Test-Path $w | Should -BeFalse
    }
}
