# Export-CdfRecord: exact, culture-invariant values in CSV and JSON Lines (Parquet in ExportCdfRecord.Parquet.Tests.ps1),
# quoting, append and header checks, bad input, stopped pipelines, and the Import-Csv | Add-CdfRecord round trip.
BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    Import-TestModules
    $script:emu = Start-CdfEmulator -SeedStream 'seeded' -SeedRecords 2500 -SeedProperties 8
    Connect-CdfProject -Project $emu.Project -BaseUrl $emu.HttpUrl -AccessToken $emu.Token -Quiet

    # Every value type, at its edges.
    New-TestContainer $emu -Space 'exp' -Container 'all' -Properties ([ordered]@{
            name = 'text'; big = 'int64'; small = 'int32'; f64 = 'float64'; f32 = 'float32'; ok = 'boolean'
            when = 'timestamp'; day = 'date'; meta = 'json'; tags = 'text[]'; nums = 'int64[]'; ref = 'direct'
        })
    New-TestStream $emu -Stream 'edge'
    $script:edgeRecords = @(
        @{ ExternalId = 'e1'; name = 'plain'; big = 9007199254740993; small = -2147483648; f64 = 0.1; f32 = 0.5; ok = $true
            when = '2026-12-02T12:53:41.965Z'; day = '2026-12-02'; meta = [ordered]@{ a = 1; b = @('x', $null) }; tags = @('a', 'b,c')
            nums = @(9223372036854775807, -9223372036854775807); ref = [ordered]@{ space = 'exp'; externalId = 'e2' }
        }
        @{ ExternalId = 'e2'; name = "comma, ""quote"" and`r`nline break"; big = -9223372036854775807; small = 2147483647; f64 = 1.7976931348623157E308
            f32 = 2.5; ok = $false; when = '1970-01-01T00:00:00.001Z'; day = '1999-12-31'; meta = [ordered]@{}; tags = @(); nums = @(0)
        }
        @{ ExternalId = 'e3'; name = '=SUM(A1:A2)'; f64 = -2.5E-300; when = '2026-12-02T12:53:41.000Z' }
        @{ ExternalId = 'e4'; name = 'Ünïcödé ✓ 日本'; f64 = 123456789.125 }
    )
    Add-TestRecord $emu -Stream 'edge' -Space 'exp' -Container 'all' -Record $edgeRecords
    $script:edgeColumns = @('Space', 'ExternalId', 'Status', 'CreatedTime', 'LastUpdatedTime', 'name', 'big', 'small', 'f64', 'f32', 'ok', 'when', 'day', 'meta', 'tags', 'nums', 'ref')

    function script:Use-Culture {
        # Runs a script block with the current culture (and UI culture) set to $Name.
        param([string] $Name, [scriptblock] $Script)
        $culture = [System.Globalization.CultureInfo]::CurrentCulture
        try {
            [System.Globalization.CultureInfo]::CurrentCulture = $Name
            & $Script
        }
        finally { [System.Globalization.CultureInfo]::CurrentCulture = $culture }
    }

    function script:Get-RowOf([object[]] $Rows, [string] $Id) { $Rows | Where-Object ExternalId -CEQ $Id }
}

AfterAll {
    if ($script:emu) { Stop-CdfEmulator $script:emu }
}

Describe 'Export-CdfRecord to CSV' {
    BeforeAll {
        $script:csv = Join-Path $TestDrive 'edge.csv'
        Sync-CdfRecord 'edge' -Source 'exp/all' -InitializeCursor 1d-ago | Export-CdfRecord $csv
        $script:rows = @(Import-Csv $csv)
    }

    It 'writes the header and one row per record, the same columns for every record' {
        $rows.Count | Should -Be 4
        $rows[0].PSObject.Properties.Name | Should -Be $edgeColumns
        (Get-Content -Raw $csv).StartsWith('Space,ExternalId,Status,CreatedTime,LastUpdatedTime,name,big') | Should -BeTrue
    }

    It 'writes every value exactly and culture-invariant' {
        $e1 = Get-RowOf $rows 'e1'
        $e1.big | Should -BeExactly '9007199254740993'
        $e1.small | Should -BeExactly '-2147483648'
        $e1.f64 | Should -BeExactly '0.1'
        $e1.f32 | Should -BeExactly '0.5'
        $e1.ok | Should -BeExactly 'true'
        $e1.when | Should -BeExactly '2026-12-02T12:53:41.965Z'
        $e1.day | Should -BeExactly '2026-12-02'
        $e1.meta | Should -BeExactly '{"a":1,"b":["x",null]}'
        $e1.tags | Should -BeExactly '["a","b,c"]'
        $e1.nums | Should -BeExactly '[9223372036854775807,-9223372036854775807]'
        $e1.ref | Should -BeExactly '{"space":"exp","externalId":"e2"}'
        $e1.Status | Should -BeExactly 'created'
        $e1.CreatedTime | Should -Match '^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$'

        $e2 = Get-RowOf $rows 'e2'
        $e2.big | Should -BeExactly '-9223372036854775807'
        $e2.f64 | Should -BeExactly '1.7976931348623157E+308'
        [double]::Parse($e2.f64, [cultureinfo]::InvariantCulture) | Should -Be ([double]::MaxValue)
        $e2.ok | Should -BeExactly 'false'
        $e2.when | Should -BeExactly '1970-01-01T00:00:00.001Z'
        $e2.meta | Should -BeExactly '{}'
        $e2.tags | Should -BeExactly '[]'

        $e3 = Get-RowOf $rows 'e3'
        $e3.f64 | Should -BeExactly '-2.5E-300'
        # Milliseconds are always there, even when zero: two records of one second still sort.
        $e3.when | Should -BeExactly '2026-12-02T12:53:41.000Z'
        (Get-RowOf $rows 'e4').f64 | Should -BeExactly '123456789.125'
    }

    It 'leaves absent values empty' {
        $e3 = Get-RowOf $rows 'e3'
        foreach ($p in 'big', 'small', 'f32', 'ok', 'day', 'meta', 'tags', 'nums', 'ref') { $e3.$p | Should -BeExactly '' -Because $p }
    }

    It 'quotes as RFC 4180 says, and keeps text as it is (quotes, line breaks, formula-like text, Unicode)' {
        (Get-RowOf $rows 'e2').name | Should -BeExactly "comma, ""quote"" and`r`nline break"
        (Get-RowOf $rows 'e3').name | Should -BeExactly '=SUM(A1:A2)'
        (Get-RowOf $rows 'e4').name | Should -BeExactly 'Ünïcödé ✓ 日本'
        $text = [System.IO.File]::ReadAllText($csv)
        $text | Should -Match ([regex]::Escape(',"comma, ""quote"" and' + "`r`n" + 'line break",'))
        $text | Should -Match ([regex]::Escape(',"[""a"",""b,c""]",'))
        # Unquoted where nothing needs it; CRLF line ends.
        $text | Should -Match ',=SUM\(A1:A2\),'
        $text.EndsWith("`r`n") | Should -BeTrue
    }

    It 'writes UTF-8 without a BOM by default, and a BOM with -Encoding utf8BOM' {
        $bytes = [System.IO.File]::ReadAllBytes($csv)
        $bytes[0] | Should -Be ([byte][char]'S')
        $bom = Join-Path $TestDrive 'bom.csv'
        Sync-CdfRecord 'edge' -Source 'exp/all' -InitializeCursor 1d-ago | Export-CdfRecord $bom -Encoding utf8BOM
        $b = [System.IO.File]::ReadAllBytes($bom)
        @($b[0], $b[1], $b[2]) | Should -Be @(0xEF, 0xBB, 0xBF)
        (Import-Csv $bom | Where-Object ExternalId -EQ 'e4').name | Should -BeExactly 'Ünïcödé ✓ 日本'
        $u16 = Join-Path $TestDrive 'u16.csv'
        Sync-CdfRecord 'edge' -Source 'exp/all' -InitializeCursor 1d-ago | Export-CdfRecord $u16 -Encoding unicode
        (Import-Csv $u16 -Encoding unicode | Where-Object ExternalId -EQ 'e4').name | Should -BeExactly 'Ünïcödé ✓ 日本'
    }

    It 'writes the same bytes under de-DE as under en-US' {
        $en = Join-Path $TestDrive 'en.csv'
        $de = Join-Path $TestDrive 'de.csv'
        Use-Culture 'en-US' { Sync-CdfRecord 'edge' -Source 'exp/all' -InitializeCursor 1d-ago | Export-CdfRecord $en }
        Use-Culture 'de-DE' { Sync-CdfRecord 'edge' -Source 'exp/all' -InitializeCursor 1d-ago | Export-CdfRecord $de }
        (Get-FileHash $de).Hash | Should -Be (Get-FileHash $en).Hash
        (Get-RowOf @(Import-Csv $de) 'e1').f64 | Should -BeExactly '0.1'
        (Get-RowOf @(Import-Csv $de) 'e2').f32 | Should -BeExactly '2.5'
    }

    It 'uses -Delimiter, and quotes fields that hold it' {
        $semi = Join-Path $TestDrive 'semi.csv'
        Sync-CdfRecord 'edge' -Source 'exp/all' -InitializeCursor 1d-ago | Export-CdfRecord $semi -Delimiter ';'
        (Get-Content $semi -TotalCount 1) | Should -BeLike 'Space;ExternalId;Status;*'
        $r = Get-RowOf @(Import-Csv $semi -Delimiter ';') 'e1'
        $r.tags | Should -BeExactly '["a","b,c"]'
        $r.f64 | Should -BeExactly '0.1'
    }

    It 'writes the seeded stream whole: one row per record, each once' {
        $seeded = Join-Path $TestDrive 'seeded.csv'
        Sync-CdfRecord 'seeded' -Source 'emulator/synthetic' -InitializeCursor 1d-ago | Export-CdfRecord $seeded
        $r = @(Import-Csv $seeded)
        $r.Count | Should -Be 2500
        @($r.ExternalId | Sort-Object -Unique).Count | Should -Be 2500
    }

    It 'takes Get-CdfRecord output and passes records on with -PassThru' {
        $get = Join-Path $TestDrive 'get.csv'
        $passed = @(Get-CdfRecord 'edge' -Source 'exp/all' -UpdatedAfter ([TimeSpan]::FromDays(1)) | Export-CdfRecord $get -PassThru)
        $passed.Count | Should -Be 4
        $r = @(Import-Csv $get)
        $r.Count | Should -Be 4
        (Get-RowOf $r 'e1').big | Should -BeExactly '9007199254740993'
        (Get-RowOf $r 'e1').when | Should -BeExactly '2026-12-02T12:53:41.965Z'
    }
}

Describe 'Export-CdfRecord -Append' {
    It 'appends records of the same columns, without a second header' {
        $file = Join-Path $TestDrive 'append.csv'
        Sync-CdfRecord 'seeded' -Source 'emulator/synthetic' -InitializeCursor 1d-ago -First 100 | Export-CdfRecord $file
        Sync-CdfRecord 'seeded' -Source 'emulator/synthetic' -InitializeCursor 1d-ago -Skip 100 -First 50 | Export-CdfRecord $file -Append
        $r = @(Import-Csv $file)
        $r.Count | Should -Be 150
        $r[100].ExternalId | Should -Be 'rec-00000100'
        @(Get-Content $file | Where-Object { $_ -like 'Space,*' }).Count | Should -Be 1
    }

    It 'refuses records of other columns before writing anything, naming both' {
        $file = Join-Path $TestDrive 'mismatch.csv'
        Sync-CdfRecord 'seeded' -Source 'emulator/synthetic' -InitializeCursor 1d-ago -First 10 | Export-CdfRecord $file
        $before = (Get-FileHash $file).Hash
        $e = { Sync-CdfRecord 'edge' -Source 'exp/all' -InitializeCursor 1d-ago | Export-CdfRecord $file -Append } | Should -Throw -PassThru
        $e.FullyQualifiedErrorId | Should -BeLike 'ExportHeaderMismatch,*'
        $e.CategoryInfo.Category | Should -Be 'InvalidData'
        $e.Exception.Message | Should -Match 'text0'
        $e.Exception.Message | Should -Match 'f64'
        (Get-FileHash $file).Hash | Should -Be $before
    }

    It 'writes a tombstone with Status deleted and empty cells' {
        Add-TestRecord $emu -Stream 'edge' -Space 'exp' -Container 'all' -Record @{ ExternalId = 'gone'; name = 'soon deleted'; big = 1 }
        $file = Join-Path $TestDrive 'tomb.csv'
        Clear-CdfSyncState -Confirm:$false
        Sync-CdfRecord 'edge' -Source 'exp/all' -InitializeCursor 1d-ago | Export-CdfRecord $file
        Remove-TestRecord $emu -Stream 'edge' -Space 'exp' -ExternalId 'gone'
        Sync-CdfRecord 'edge' -Source 'exp/all' | Export-CdfRecord $file -Append
        $r = @(Import-Csv $file | Where-Object ExternalId -EQ 'gone')
        $r.Count | Should -Be 2
        $r[1].Status | Should -Be 'deleted'
        $r[1].name | Should -BeExactly ''
        $r[1].big | Should -BeExactly ''
    }
}

Describe 'Export-CdfRecord to JSON Lines' {
    It 'writes one object per line with typed values' {
        $file = Join-Path $TestDrive 'edge.jsonl'
        Sync-CdfRecord 'edge' -Source 'exp/all' -InitializeCursor 1d-ago | Export-CdfRecord $file
        $lines = @(Get-Content $file)
        $lines.Count | Should -BeGreaterOrEqual 4
        $e1 = $lines | ForEach-Object { $_ | ConvertFrom-Json } | Where-Object ExternalId -CEQ 'e1'
        $e1.PSObject.Properties.Name | Should -Be $edgeColumns
        $e1.big | Should -BeOfType [long]
        $e1.big | Should -Be 9007199254740993
        $e1.ok | Should -BeOfType [bool]
        $e1.tags | Should -Be @('a', 'b,c')
        $e1.ref.externalId | Should -Be 'e2'
        $e1.meta.b[0] | Should -Be 'x'
        $line = $lines | Where-Object { $_ -clike '*"ExternalId":"e1"*' }
        $line | Should -Match '"big":9007199254740993,'
        $line | Should -Match '"when":"2026-12-02T12:53:41.965Z"'
        $line | Should -Match '"f64":0.1,'
        $line | Should -Match '"nums":\[9223372036854775807,-9223372036854775807\]'
        ($lines | Where-Object { $_ -clike '*"ExternalId":"e2"*' }) | Should -Match '"name":"comma, \\"quote\\" and\\r\\nline break"'
    }

    It 'writes -Raw items in the API shape' {
        $file = Join-Path $TestDrive 'raw.ndjson'
        Sync-CdfRecord 'edge' -Source 'exp/all' -InitializeCursor 1d-ago -Raw | Export-CdfRecord $file
        $e1 = Get-Content $file | ForEach-Object { $_ | ConvertFrom-Json } | Where-Object externalId -CEQ 'e1'
        $e1.PSObject.Properties.Name | Should -Be @('space', 'externalId', 'createdTime', 'lastUpdatedTime', 'status', 'properties')
        $e1.createdTime | Should -BeOfType [long]
        $e1.properties.exp.all.big | Should -Be 9007199254740993
    }
}

Describe 'Export-CdfRecord bad input' {
    It 'refuses a path in a missing folder before reading anything' {
        $file = Join-Path $TestDrive 'no/such/folder/x.csv'
        $e = { Sync-CdfRecord 'edge' -Source 'exp/all' -InitializeCursor 1d-ago | Export-CdfRecord $file } | Should -Throw -PassThru
        $e.FullyQualifiedErrorId | Should -BeLike 'ExportFolderNotFound,*'
        $e.CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $e.Exception.Message | Should -Match 'folder'
        Test-Path (Join-Path $TestDrive 'no') | Should -BeFalse
    }

    It 'refuses a read-only file unless -Force' {
        $file = Join-Path $TestDrive 'ro.csv'
        Set-Content $file 'keep me'
        Set-ItemProperty $file -Name IsReadOnly -Value $true
        $e = { Sync-CdfRecord 'edge' -Source 'exp/all' -InitializeCursor 1d-ago | Export-CdfRecord $file } | Should -Throw -PassThru
        $e.FullyQualifiedErrorId | Should -BeLike 'ExportFileReadOnly,*'
        $e.CategoryInfo.Category | Should -Be 'PermissionDenied'
        Get-Content $file | Should -Be 'keep me'
        Sync-CdfRecord 'edge' -Source 'exp/all' -InitializeCursor 1d-ago | Export-CdfRecord $file -Force
        @(Import-Csv $file | Where-Object ExternalId -Like 'e?').Count | Should -Be 4
    }

    It 'refuses to replace a file with -NoClobber' {
        $file = Join-Path $TestDrive 'keep.csv'
        Set-Content $file 'keep me'
        $e = { Sync-CdfRecord 'edge' -Source 'exp/all' -InitializeCursor 1d-ago | Export-CdfRecord $file -NoClobber } | Should -Throw -PassThru
        $e.FullyQualifiedErrorId | Should -BeLike 'ExportFileExists,*'
        Get-Content $file | Should -Be 'keep me'
    }

    It 'refuses a non-record object with an error naming it, and writes no file for it' {
        $file = Join-Path $TestDrive 'notrecord.csv'
        $e = { Get-Item $TestDrive | Export-CdfRecord $file -ErrorAction Stop } | Should -Throw -PassThru
        $e.FullyQualifiedErrorId | Should -BeLike 'InputNotARecord,*'
        $e.CategoryInfo.Category | Should -Be 'InvalidArgument'
        $e.Exception.Message | Should -Match 'DirectoryInfo'
        Test-Path $file | Should -BeFalse
    }

    It 'refuses a non-record object among records and writes the records whole' {
        $file = Join-Path $TestDrive 'mixed.csv'
        $records = @(Sync-CdfRecord 'edge' -Source 'exp/all' -InitializeCursor 1d-ago)
        $errors = $null
        @($records[0], 42, $records[1]) | Export-CdfRecord $file -ErrorVariable errors -ErrorAction SilentlyContinue
        $errors.Count | Should -Be 1
        $errors[0].Exception.Message | Should -Match "'42' \(System.Int32\)"
        $r = @(Import-Csv $file)
        $r.Count | Should -Be 2
        $r[1].PSObject.Properties.Name | Should -Be $edgeColumns
    }

    It 'refuses records of another sync''s columns in the same call' {
        $file = Join-Path $TestDrive 'two.csv'
        $a = Sync-CdfRecord 'edge' -Source 'exp/all' -InitializeCursor 1d-ago -First 1
        $b = Sync-CdfRecord 'seeded' -Source 'emulator/synthetic' -InitializeCursor 1d-ago -First 1
        $errors = $null
        @($a, $b) | Export-CdfRecord $file -ErrorVariable errors -ErrorAction SilentlyContinue
        $errors[0].FullyQualifiedErrorId | Should -BeLike 'RecordColumnsDiffer,*'
        @(Import-Csv $file).Count | Should -Be 1
    }

    It 'writes nothing with -WhatIf' {
        $file = Join-Path $TestDrive 'whatif.csv'
        Sync-CdfRecord 'edge' -Source 'exp/all' -InitializeCursor 1d-ago | Export-CdfRecord $file -WhatIf
        Test-Path $file | Should -BeFalse
    }
}

Describe 'Export-CdfRecord when the pipeline stops' {
    It 'a downstream Select-Object -First leaves a complete file of what was written' {
        $file = Join-Path $TestDrive 'first.csv'
        $out = @(Sync-CdfRecord 'seeded' -Source 'emulator/synthetic' -InitializeCursor 1d-ago -PageSize 100 | Export-CdfRecord $file -PassThru | Select-Object -First 1234)
        $out.Count | Should -Be 1234
        $r = @(Import-Csv $file)
        $r.Count | Should -Be 1234
        $r[-1].ExternalId | Should -Be 'rec-00001233'
        [System.IO.File]::ReadAllText($file).EndsWith("`r`n") | Should -BeTrue
    }

    It 'a stopped pipeline (Ctrl+C) leaves a complete file, every row whole' {
        # Export writes a row, then passes its record on (-PassThru). A stop at a random moment can fall between the two
        # (the row is in the file, its record never reaches the output), so the stop comes at a known point: the
        # command after Export holds the 300th record (Export is inside its WriteObject for it, its row written) until
        # the stop ends it. The file then holds exactly the 300 rows written, every one whole; Sync-CdfRecord is still
        # reading ahead upstream when the stop comes.
        $file = Join-Path $TestDrive 'stopped.csv'
        $stopAt = 300
        $ps = [powershell]::Create()
        try {
            $null = $ps.AddScript({
                    param($module, $url, $project, $token, $file, $stopAt)
                    Import-Module $module
                    Connect-CdfProject -Project $project -BaseUrl $url -AccessToken $token
                    $n = 0
                    Sync-CdfRecord 'seeded' -Source 'emulator/synthetic' -InitializeCursor 1d-ago -PageSize 100 |
                        ForEach-Object { Start-Sleep -Milliseconds 1; $_ } | Export-CdfRecord $file -PassThru |
                        ForEach-Object { $_; if (++$n -eq $stopAt) { Start-Sleep -Seconds 120 } }
                }).AddArgument((Get-Module CogniteRecords).Path.Replace('.dll', '.psd1')).AddArgument($emu.HttpUrl).AddArgument($emu.Project).AddArgument($emu.Token).AddArgument($file).AddArgument($stopAt)
            $output = [System.Management.Automation.PSDataCollection[psobject]]::new()
            $async = $ps.BeginInvoke([System.Management.Automation.PSDataCollection[psobject]]::new(), $output)
            $deadline = [DateTime]::UtcNow.AddSeconds(60)
            while ($output.Count -lt $stopAt -and [DateTime]::UtcNow -lt $deadline) { Start-Sleep -Milliseconds 20 }
            $output.Count | Should -Be $stopAt
            $ps.Stop()
            $async.IsCompleted | Should -BeTrue
            # Stopped (not run out after the hold), and nothing more was passed on.
            $output.Count | Should -Be $stopAt
            $ps.InvocationStateInfo.State | Should -Be 'Stopped'
        }
        finally { $ps.Dispose() }
        $r = @(Import-Csv $file)
        $r.Count | Should -Be $stopAt
        for ($i = 0; $i -lt $r.Count; $i++) { $r[$i].ExternalId | Should -Be ('rec-{0:d8}' -f $i) }
        $r[-1].PSObject.Properties.Name.Count | Should -Be 13
        $r[-1].date7 | Should -Match '^\d{4}-\d\d-\d\d$'
        [System.IO.File]::ReadAllText($file).EndsWith("`r`n") | Should -BeTrue
    }
}

Describe 'Export-CdfRecord downstream of Sync-CdfRecord -CheckpointPath' {
    BeforeAll {
        New-TestStream $emu -Stream 'cp'
        Add-TestRecord $emu -Stream 'cp' -Space 'exp' -Container 'all' -Record @(1..30 | ForEach-Object { @{ ExternalId = 'c{0:D2}' -f $_; name = "n$_"; big = $_ } })
        function script:Invoke-CheckpointedExport {
            # One run: 10 records a page, into the three formats at once (each output takes part in the commits).
            [CmdletBinding()]
            param([string] $Folder, [switch] $NoAppend)
            Sync-CdfRecord 'cp' -Source 'exp/all/name', 'exp/all/big' -InitializeCursor 1d-ago -PageSize 10 -CheckpointPath (Join-Path $Folder 'c.json') |
                Export-CdfRecord (Join-Path $Folder 'f.csv') -Append:(-not $NoAppend) -PassThru |
                Export-CdfRecord (Join-Path $Folder 'f.jsonl') -Append:(-not $NoAppend) -PassThru |
                Export-CdfRecord (Join-Path $Folder 'f.parquet') -Append:(-not $NoAppend)
        }
        function script:Get-OutputState([string] $Folder) {
            $p = (Get-Content -Raw (Join-Path $Folder 'c.json') | ConvertFrom-Json).participants
            [pscustomobject]@{
                Csv     = ($p."export|$(Join-Path $Folder 'f.csv')" | ConvertFrom-Json).length
                Jsonl   = ($p."export|$(Join-Path $Folder 'f.jsonl')" | ConvertFrom-Json).length
                Parquet = ($p."export|$(Join-Path $Folder 'f.parquet')" | ConvertFrom-Json).lastPart
            }
        }
        function script:Get-Ids([string] $Folder) { @(Import-Csv (Join-Path $Folder 'f.csv')).ExternalId }
    }

    It 'keeps each output''s committed length or last part with the cursor; a run with nothing new keeps them' {
        $dir = New-Item -ItemType Directory (Join-Path $TestDrive 'cp-state')
        Invoke-CheckpointedExport $dir
        $state = Get-OutputState $dir
        $state.Csv | Should -Be (Get-Item (Join-Path $dir 'f.csv')).Length
        $state.Jsonl | Should -Be (Get-Item (Join-Path $dir 'f.jsonl')).Length
        # A part per committed page: three pages of 10.
        $state.Parquet | Should -Be 3
        @(Get-ChildItem (Join-Path $dir 'f.parquet') -Force).Name | Should -Be @('part-00001.parquet', 'part-00002.parquet', 'part-00003.parquet')
        $before = Get-FileHash (Join-Path $dir 'f.csv')
        Invoke-CheckpointedExport $dir
        (Get-FileHash (Join-Path $dir 'f.csv')).Hash | Should -Be $before.Hash
        $again = Get-OutputState $dir
        $again.Csv | Should -Be $state.Csv
        $again.Parquet | Should -Be 3
        Get-Ids $dir | Should -Be @(1..30 | ForEach-Object { 'c{0:D2}' -f $_ })
    }

    It 'cuts back what a killed run left after its last commit, then writes the records that follow once' {
        $dir = New-Item -ItemType Directory (Join-Path $TestDrive 'cp-cut')
        Invoke-CheckpointedExport $dir
        # What a run killed between writing rows and committing their page leaves: rows past the committed length (one of
        # them half written), a finished part past the committed one, and a temporary part.
        [System.IO.File]::AppendAllText((Join-Path $dir 'f.csv'), "exp,c05,created,2026-01-01T00:00:00.000Z,2026-01-01T00:00:00.000Z,dup,5`r`nexp,c06,crea")
        [System.IO.File]::AppendAllText((Join-Path $dir 'f.jsonl'), '{"Space":"exp","ExternalId":"c05"}' + "`n" + '{"Space":"ex')
        Copy-Item (Join-Path $dir 'f.parquet/part-00003.parquet') (Join-Path $dir 'f.parquet/part-00004.parquet')
        Set-Content (Join-Path $dir 'f.parquet/.part-00005.parquet.tmp') 'half a part'
        Add-TestRecord $emu -Stream 'cp' -Space 'exp' -Container 'all' -Record @(31..35 | ForEach-Object { @{ ExternalId = 'c{0:D2}' -f $_; name = "n$_"; big = $_ } })
        $verbose = Invoke-CheckpointedExport $dir -Verbose 4>&1 | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] } | ForEach-Object Message
        @($verbose | Where-Object { $_ -match 'removed [\d,]+ bytes' }).Count | Should -Be 3
        Get-Ids $dir | Should -Be @(1..35 | ForEach-Object { 'c{0:D2}' -f $_ })
        $lines = @(Get-Content (Join-Path $dir 'f.jsonl'))
        $lines.Count | Should -Be 35
        ($lines | ForEach-Object { ($_ | ConvertFrom-Json).ExternalId }) | Should -Be @(1..35 | ForEach-Object { 'c{0:D2}' -f $_ })
        # The fake part 4 and the temporary part are gone; the new page is the new part 4.
        @(Get-ChildItem (Join-Path $dir 'f.parquet') -Force).Name | Should -Be @('part-00001.parquet', 'part-00002.parquet', 'part-00003.parquet', 'part-00004.parquet')
        (Get-Item (Join-Path $dir 'f.parquet/part-00004.parquet')).Length | Should -Not -Be (Get-Item (Join-Path $dir 'f.parquet/part-00003.parquet')).Length
        (Get-OutputState $dir).Csv | Should -Be (Get-Item (Join-Path $dir 'f.csv')).Length
    }

    It 'refuses to write anew (no -Append) an output that holds committed records, and changes nothing' {
        $dir = New-Item -ItemType Directory (Join-Path $TestDrive 'cp-noappend')
        Invoke-CheckpointedExport $dir
        $checkpoint = Get-Content -Raw (Join-Path $dir 'c.json')
        $hash = (Get-FileHash (Join-Path $dir 'f.csv')).Hash
        { Invoke-CheckpointedExport $dir -NoAppend } | Should -Throw -ErrorId 'ExportAppendRequired,*' -ExpectedMessage "*$(Join-Path $dir 'c.json')*-Append*"
        (Get-FileHash (Join-Path $dir 'f.csv')).Hash | Should -Be $hash
        Get-Content -Raw (Join-Path $dir 'c.json') | Should -BeExactly $checkpoint
        # Parquet alone too.
        { Sync-CdfRecord 'cp' -Source 'exp/all/name', 'exp/all/big' -InitializeCursor 1d-ago -CheckpointPath (Join-Path $dir 'c.json') |
                Export-CdfRecord (Join-Path $dir 'f.parquet') } | Should -Throw -ErrorId 'ExportAppendRequired,*'
        @(Get-ChildItem (Join-Path $dir 'f.parquet')).Count | Should -BeGreaterThan 0
    }

    It 'refuses a file that is shorter than committed, or missing, naming it, and changes nothing' {
        $dir = New-Item -ItemType Directory (Join-Path $TestDrive 'cp-edited')
        Invoke-CheckpointedExport $dir
        $checkpoint = Get-Content -Raw (Join-Path $dir 'c.json')
        $csv = Join-Path $dir 'f.csv'
        $rows = Get-Content $csv
        Set-Content $csv ($rows | Select-Object -SkipLast 2)
        $edited = (Get-FileHash $csv).Hash
        { Invoke-CheckpointedExport $dir } | Should -Throw -ErrorId 'ExportFileShorter,*' -ExpectedMessage "*$csv*"
        (Get-FileHash $csv).Hash | Should -Be $edited
        Get-Content -Raw (Join-Path $dir 'c.json') | Should -BeExactly $checkpoint
        Remove-Item $csv
        { Invoke-CheckpointedExport $dir } | Should -Throw -ErrorId 'ExportFileMissing,*' -ExpectedMessage "*$csv*"
        Test-Path $csv | Should -BeFalse
        Get-Content -Raw (Join-Path $dir 'c.json') | Should -BeExactly $checkpoint
    }

    It 'without -CheckpointPath upstream, takes no part in commits and writes as before' {
        $file = Join-Path $TestDrive 'cp-none.csv'
        Clear-CdfSyncState -Confirm:$false
        $verbose = Sync-CdfRecord 'cp' -Source 'exp/all/name', 'exp/all/big' -InitializeCursor 1d-ago -PageSize 10 | Export-CdfRecord $file -Verbose 4>&1 |
            Where-Object { $_ -is [System.Management.Automation.VerboseRecord] } | ForEach-Object Message
        @($verbose | Where-Object { $_ -like '*takes part in the commits*' }) | Should -BeNullOrEmpty
        @(Import-Csv $file).Count | Should -BeGreaterOrEqual 30
    }
}

Describe 'Import-Csv | Add-CdfRecord reads back every value of an exported file' {
    It 'under <_>' -ForEach @('en-US', 'de-DE') {
        $culture = $_
        $stream = 'copy-' + $culture.ToLowerInvariant()
        New-TestStream $emu -Stream $stream
        $file = Join-Path $TestDrive "roundtrip-$culture.csv"
        $original = @(Sync-CdfRecord 'edge' -Source 'exp/all' -InitializeCursor 1d-ago | Where-Object Status -NE 'deleted' | Where-Object ExternalId -Like 'e*')
        Use-Culture $culture {
            $original | Export-CdfRecord $file
            Import-Csv $file | Add-CdfRecord -Stream $stream -Container 'exp/all'
        }
        $copy = @(Sync-CdfRecord $stream -Source 'exp/all' -InitializeCursor 1d-ago)
        $copy.Count | Should -Be $original.Count
        foreach ($o in $original) {
            $c = $copy | Where-Object ExternalId -CEQ $o.ExternalId
            foreach ($p in 'name', 'big', 'small', 'f64', 'f32', 'ok', 'when', 'day', 'meta', 'tags', 'nums', 'ref') {
                $a = $o.$p; $b = $c.$p
                if ($null -eq $a) { $b | Should -BeNullOrEmpty -Because "$($o.ExternalId).$p"; continue }
                $null -eq $b | Should -BeFalse -Because "$($o.ExternalId).$p"
                $b.GetType() | Should -Be $a.GetType() -Because "$($o.ExternalId).$p"
                # Lists and objects as their compact JSON; the rest by value (after the type check above).
                if ($a -is [System.Collections.IEnumerable] -and $a -isnot [string]) { $b.ToString() | Should -BeExactly $a.ToString() -Because "$($o.ExternalId).$p" }
                else { $b | Should -Be $a -Because "$($o.ExternalId).$p" }
            }
        }
    }
}
