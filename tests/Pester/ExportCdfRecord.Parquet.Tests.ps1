# Export-CdfRecord -Format Parquet: part files with typed columns, read back with Parquet.Net's own reader (the copy in
# the module's lib/, loaded here into the test's context) and compared value by value.
BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    $modulePath = Import-TestModules -PassThru
    $script:emu = Start-CdfEmulator -SeedStream 'seeded' -SeedRecords 2500 -SeedProperties 8
    Connect-CdfProject -Project $emu.Project -BaseUrl $emu.HttpUrl -AccessToken $emu.Token -Quiet

    New-TestContainer $emu -Space 'pq' -Container 'all' -Properties ([ordered]@{
            name = 'text'; big = 'int64'; small = 'int32'; f64 = 'float64'; ok = 'boolean'; when = 'timestamp'; day = 'date'; meta = 'json'; tags = 'text[]'
        })
    New-TestStream $emu -Stream 'pq'
    Add-TestRecord $emu -Stream 'pq' -Space 'pq' -Container 'all' -Record @(
        @{ ExternalId = 'p1'; name = "a, ""b""`nc"; big = 9007199254740993; small = -5; f64 = 0.1; ok = $true; when = '2026-12-02T12:53:41.965Z'; day = '2026-12-02'
            meta = [ordered]@{ k = 1 }; tags = @('x', 'y')
        }
        @{ ExternalId = 'p2'; name = 'Ünïcödé' }
    )

    # Parquet.Net from the module's lib/ (LoadFrom finds its dependencies beside it), and a reader of whole files.
    $lib = Join-Path (Split-Path $modulePath) 'lib'
    $parquet = [System.Reflection.Assembly]::LoadFrom((Join-Path $lib 'Parquet.dll'))
    if (-not ('ParquetReadBack' -as [type])) {
        Add-Type -IgnoreWarnings -WarningAction SilentlyContinue -ReferencedAssemblies $parquet.Location, 'System.Collections', 'System.Linq', 'System.Runtime', 'System.Memory' -TypeDefinition @'
using System; using System.Collections.Generic; using System.IO; using System.Linq; using System.Threading.Tasks;
using Parquet; using Parquet.Schema;
public static class ParquetReadBack
{
    // Column name -> its Parquet type ("String", "Int64", "Timestamp", "Date", ...), then one dictionary per row.
    public static Dictionary<string, string> Types(string path) => TypesAsync(path).GetAwaiter().GetResult();
    public static List<Dictionary<string, object>> Rows(string path) => RowsAsync(path).GetAwaiter().GetResult();

    static async Task<Dictionary<string, string>> TypesAsync(string path)
    {
        using var s = File.OpenRead(path);
        await using var r = await ParquetReader.CreateAsync(s);
        return r.Schema.GetDataFields().ToDictionary(f => f.Name, f => f is DateTimeDataField d ? d.DateTimeFormat.ToString() : IsText(f) ? "String" : f.ClrType.Name);
    }

    // Parquet.Net 6 reads UTF-8 columns as ReadOnlyMemory<char> unless asked for strings.
    static bool IsText(DataField f) => f.ClrType == typeof(string) || f.ClrType == typeof(ReadOnlyMemory<char>);

    static async Task<List<Dictionary<string, object>>> RowsAsync(string path)
    {
        using var s = File.OpenRead(path);
        await using var r = await ParquetReader.CreateAsync(s);
        var rows = new List<Dictionary<string, object>>();
        for (var g = 0; g < r.RowGroupCount; g++)
        {
            var rg = r.OpenRowGroupReader(g);
            var n = (int)rg.RowCount;
            var start = rows.Count;
            for (var i = 0; i < n; i++) rows.Add(new Dictionary<string, object>());
            foreach (var f in r.Schema.GetDataFields())
            {
                object[] values;
                if (IsText(f)) { var m = new string[n]; await rg.ReadAsync(f, m.AsMemory()); values = m.Cast<object>().ToArray(); }
                else if (f.ClrType == typeof(long)) { var m = new long?[n]; await rg.ReadAsync<long>(f, m.AsMemory()); values = m.Cast<object>().ToArray(); }
                else if (f.ClrType == typeof(int)) { var m = new int?[n]; await rg.ReadAsync<int>(f, m.AsMemory()); values = m.Cast<object>().ToArray(); }
                else if (f.ClrType == typeof(double)) { var m = new double?[n]; await rg.ReadAsync<double>(f, m.AsMemory()); values = m.Cast<object>().ToArray(); }
                else if (f.ClrType == typeof(bool)) { var m = new bool?[n]; await rg.ReadAsync<bool>(f, m.AsMemory()); values = m.Cast<object>().ToArray(); }
                else if (f.ClrType == typeof(DateTime)) { var m = new DateTime?[n]; await rg.ReadAsync<DateTime>(f, m.AsMemory()); values = m.Cast<object>().ToArray(); }
                else throw new NotSupportedException(f.ClrType.Name);
                for (var i = 0; i < n; i++) rows[start + i][f.Name] = values[i];
            }
        }
        return rows;
    }
}
'@
    }
}

AfterAll {
    if ($script:emu) { Stop-CdfEmulator $script:emu }
}

Describe 'Export-CdfRecord -Format Parquet' {
    It 'writes typed columns from the container property types, every value exact' {
        $folder = Join-Path $TestDrive 'pq.parquet'
        Sync-CdfRecord 'pq' -Source 'pq/all' -InitializeCursor 1d-ago | Export-CdfRecord $folder
        $parts = @(Get-ChildItem $folder)
        $parts.Name | Should -Be @('part-00001.parquet')
        $part = $parts[0].FullName
        $types = [ParquetReadBack]::Types($part)
        @($types.Keys) | Should -Be @('Space', 'ExternalId', 'Status', 'CreatedTime', 'LastUpdatedTime', 'name', 'big', 'small', 'f64', 'ok', 'when', 'day', 'meta', 'tags')
        $types['CreatedTime'] | Should -Be 'Timestamp'
        $types['when'] | Should -Be 'Timestamp'
        $types['day'] | Should -Be 'Date'
        $types['big'] | Should -Be 'Int64'
        $types['small'] | Should -Be 'Int32'
        $types['f64'] | Should -Be 'Double'
        $types['ok'] | Should -Be 'Boolean'
        $types['meta'] | Should -Be 'String'
        $types['tags'] | Should -Be 'String'

        $rows = [ParquetReadBack]::Rows($part)
        $rows.Count | Should -Be 2
        $p1 = $rows | Where-Object { $_['ExternalId'] -ceq 'p1' }
        $p1['name'] | Should -BeExactly "a, ""b""`nc"
        $p1['big'] | Should -Be 9007199254740993
        $p1['small'] | Should -Be -5
        $p1['f64'] | Should -Be 0.1
        $p1['ok'] | Should -BeTrue
        $p1['when'] | Should -Be ([datetime]::new(2026, 12, 2, 12, 53, 41, 965, [DateTimeKind]::Utc))
        $p1['day'].Date | Should -Be ([datetime]::new(2026, 12, 2))
        $p1['meta'] | Should -BeExactly '{"k":1}'
        $p1['tags'] | Should -BeExactly '["x","y"]'
        $p1['Status'] | Should -BeExactly 'created'
        $p2 = $rows | Where-Object { $_['ExternalId'] -ceq 'p2' }
        $p2['name'] | Should -BeExactly 'Ünïcödé'
        $p2['big'] | Should -BeNullOrEmpty
        $p2['when'] | Should -BeNullOrEmpty
        $p2['tags'] | Should -BeNullOrEmpty
    }

    It 'cuts parts at -PartSize, leaves no temporary file, and appends parts with -Append' {
        $folder = Join-Path $TestDrive 'seeded.parquet'
        Sync-CdfRecord 'seeded' -Source 'emulator/synthetic' -InitializeCursor 1d-ago | Export-CdfRecord $folder -PartSize 1000
        (Get-ChildItem $folder -Force).Name | Should -Be @('part-00001.parquet', 'part-00002.parquet', 'part-00003.parquet')
        $rows = foreach ($p in Get-ChildItem $folder) { [ParquetReadBack]::Rows($p.FullName) }
        @($rows).Count | Should -Be 2500
        @($rows | ForEach-Object { $_['ExternalId'] } | Sort-Object -Unique).Count | Should -Be 2500
        Sync-CdfRecord 'seeded' -Source 'emulator/synthetic' -InitializeCursor 1d-ago -First 10 | Export-CdfRecord $folder -Append
        (Get-ChildItem $folder).Name[-1] | Should -Be 'part-00004.parquet'
        $e = { Sync-CdfRecord 'pq' -Source 'pq/all' -InitializeCursor 1d-ago | Export-CdfRecord $folder -Append } | Should -Throw -PassThru
        $e.FullyQualifiedErrorId | Should -BeLike 'ExportHeaderMismatch,*'
        # Without -Append the folder's parts are replaced.
        Sync-CdfRecord 'seeded' -Source 'emulator/synthetic' -InitializeCursor 1d-ago -First 10 | Export-CdfRecord $folder
        (Get-ChildItem $folder).Name | Should -Be @('part-00001.parquet')
    }

    It 'a downstream Select-Object -First leaves a whole, readable part' {
        $folder = Join-Path $TestDrive 'first.parquet'
        $null = Sync-CdfRecord 'seeded' -Source 'emulator/synthetic' -InitializeCursor 1d-ago -PageSize 100 | Export-CdfRecord $folder -PassThru | Select-Object -First 321
        $parts = @(Get-ChildItem $folder -Force)
        $parts.Name | Should -Be @('part-00001.parquet')
        ([ParquetReadBack]::Rows($parts[0].FullName)).Count | Should -Be 321
    }
}
