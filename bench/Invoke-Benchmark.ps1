<#
.SYNOPSIS
    Benchmarks Sync-CdfRecord against what users would write instead, and against the transport limit.

.DESCRIPTION
    Seeds the emulator once with a stream of -Records records (10 properties of mixed types), then runs,
    -Repeat times each and interleaved, every case in its own fresh pwsh (or .NET) process, each reading the
    whole stream from the start:
      (a)  Sync-CdfRecord ... | Measure-Object
      (b)  Sync-CdfRecord ... | Export-Csv
      (c1) a hand-written Invoke-RestMethod loop over the sync endpoint into Measure-Object
      (c2) the same loop, each record flattened with Select-Object, into Export-Csv
      (d)  the transport limit: a plain C# HttpClient + System.Text.Json loop (bench/BenchTool)
      (e)  Sync-CdfRecord ... | Export-CdfRecord to CSV; (ej) and (ep) the same to JSON Lines and to Parquet parts
      (a0) (a) with the portable engine (COGNITERECORDS_PORTABLE_ENGINE=1): the engine's IL, JIT-compiled, as before
           it was precompiled, for the before/after of methods JIT-compiled
      (am) and (dm): (a) and (d) against the in-memory page server (bench/BenchTool serve-pages): the stream's
           pages recorded once from the emulator and served from memory over loopback, so that am/dm shows the
           client's own ceiling, not the emulator's
    Every case's process is also timed whole, from process start to exit (/usr/bin/time -v where it exists): wall
    time, CPU (user + system) and peak resident set, beside the in-process figures of the same runs.
    With -PrecompiledPowerShell also (aP) and (c1P), for comparison: the scripts of (a) and (c1) run in pwsh
    rebuilt with PowerShell's own assemblies ReadyToRun-compiled (bench/R2RHost), as in installed releases.
    It also times Import-Module in fresh pwsh processes, proves that the CSV files of (b) and (c2) hold the
    same records (bench/BenchTool compare-csv; a difference fails the run), and with -Large measures the
    peak working set of (a) at 1,000,000 records. Medians are reported. The table, the targets and the
    machine's description go to bench/results/latest.md and to the console.

    Run through `dotnet pwsh ./build.ps1 Bench` (with -BenchArgs @{ ... }) or directly. The module is built
    first (build.ps1 Build) when out/ is missing or older than the sources.

.PARAMETER Records
    Records in the seeded stream (default 100,000).

.PARAMETER Large
    Also measure (a)'s peak working set at 1,000,000 records, on a second emulator seeded for it.

.PARAMETER Repeat
    Runs of each case; the median is reported (default 5).

.PARAMETER Quick
    A smoke check: 2,000 records, one run each, results to bench/results/tmp/quick.md instead of latest.md.

.PARAMETER Case
    Run only these cases (a, b, c1, c2, d, e, ej, ep, a0, am, dm, aw, c1w, f, aP, c1P, fP); the others show as not run. For development.
    Naming aP, c1P or fP is the same as -PrecompiledPowerShell.

.PARAMETER PrecompiledPowerShell
    Also run (aP), (c1P) and (fP): the scripts of (a), (c1) and (f) in bench/R2RHost, pwsh built from
    Microsoft.PowerShell.SDK and published ReadyToRun into bench/results/tmp/r2r-pwsh (published when missing or older
    than its sources), to show what they give with PowerShell's own assemblies precompiled, as in installed releases;
    the NuGet tool package that `dotnet pwsh` runs is not precompiled. aP/c1P whole process carries the target of
    a/c1 whole as well (the issue's own figures came from an installed pwsh).

.PARAMETER BaseUrl
    Benchmark a service that is already running and seeded (stream 'bench-records') instead of starting the
    emulator; with -Project, and the token in $env:BENCH_TOKEN. -Large is not available then.

.PARAMETER OutputPath
    Where to write the markdown (default bench/results/latest.md; with -Quick bench/results/tmp/quick.md).
#>
[CmdletBinding()]
param(
    [ValidateRange(100, 10000000)]
    [int] $Records = 100000,
    [switch] $Large,
    [ValidateRange(1, 25)]
    [int] $Repeat = 5,
    [switch] $Quick,
    [string[]] $Case = @('a', 'b', 'c1', 'c2', 'd', 'e', 'ej', 'ep', 'a0', 'am', 'dm', 'aw', 'c1w', 'f'),
    [string] $OutputPath,
    [string] $BaseUrl,
    [string] $Project,
    [switch] $PrecompiledPowerShell
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 3.0

$BenchRoot = $PSScriptRoot
$Root = Split-Path $BenchRoot -Parent
$Tmp = Join-Path $BenchRoot 'results/tmp'
$ModulePath = Join-Path $Root 'out/CogniteRecords/CogniteRecords.psd1'
$EmulatorDll = Join-Path $Root 'out/CogniteRecords.Emulator/bin/CogniteRecords.Emulator.dll'
$BenchToolProject = Join-Path $BenchRoot 'BenchTool/BenchTool.csproj'
$BenchToolDll = Join-Path $BenchRoot 'BenchTool/bin/Release/net10.0/BenchTool.dll'
$R2RProject = Join-Path $BenchRoot 'R2RHost/R2RHost.csproj'
$R2RDir = Join-Path $Tmp 'r2r-pwsh'
$R2RDll = Join-Path $R2RDir 'pwsh.dll'
$R2RStamp = Join-Path $R2RDir 'published.stamp'   # written last, so that a half-done publish counts as missing
$LargeRecords = 1000000
$StreamId = 'bench-records'
$PropertyCount = 10

# 'a,b' from a command line (pwsh -File) arrives as one string.
$Case = @($Case | ForEach-Object { $_ -split ',' } | ForEach-Object { $_.Trim() } | Where-Object { $_ })
$AllCases = 'a', 'b', 'c1', 'c2', 'd', 'e', 'ej', 'ep', 'a0', 'am', 'dm', 'aw', 'c1w', 'f', 'aP', 'c1P', 'fP'
# The cases that read from the in-memory page server instead of the emulator.
$PageServerCases = 'am', 'dm'
foreach ($c in $Case) { if ($c -notin $AllCases) { throw "-Case takes $($AllCases -join ', '), not '$c'." } }
$PrecompiledCases = 'aP', 'c1P', 'fP'
if ($Case | Where-Object { $_ -in $PrecompiledCases }) { $PrecompiledPowerShell = [switch]::new($true) }
if ($PrecompiledPowerShell) { $Case = @($Case) + @($PrecompiledCases | Where-Object { $_ -notin $Case }) }
if ($Quick) {
    if (-not $PSBoundParameters.ContainsKey('Records')) { $Records = 2000 }
    if (-not $PSBoundParameters.ContainsKey('Repeat')) { $Repeat = 1 }
}
if (-not $OutputPath) {
    $OutputPath = if ($Quick) { Join-Path $Tmp 'quick.md' } else { Join-Path $BenchRoot 'results/latest.md' }
}
New-Item -ItemType Directory -Force $Tmp | Out-Null

#region Tools: the module, the emulator and the bench tool, built when missing or stale

function Get-NewestWrite {
    param([string[]] $Path)
    $files = foreach ($p in $Path) {
        if (Test-Path $p -PathType Leaf) { Get-Item $p }
        elseif (Test-Path $p) {
            Get-ChildItem $p -File -Recurse | Where-Object { $_.FullName -notmatch '[\\/](bin|obj)[\\/]' }
        }
    }
    ($files | Measure-Object -Property LastWriteTimeUtc -Maximum).Maximum
}

function Initialize-BenchTools {
    $needModule = -not $BaseUrl -or ($Case | Where-Object { $_ -in 'a', 'b', 'e', 'ej', 'ep', 'a0', 'am', 'aP' })
    $sources = Get-NewestWrite @((Join-Path $Root 'src'), (Join-Path $Root 'CogniteRecords.psd1'),
        (Join-Path $Root 'Directory.Build.props'), (Join-Path $Root 'Directory.Packages.props'))
    $stale = -not (Test-Path $ModulePath) -or -not (Test-Path $EmulatorDll) -or
        (Get-Item $ModulePath).LastWriteTimeUtc -lt $sources -or (Get-Item $EmulatorDll).LastWriteTimeUtc -lt $sources
    if ($stale -and $needModule) {
        Write-Host 'The module in out/ is missing or older than src/: building it (build.ps1 Build).' -ForegroundColor Cyan
        & (Join-Path $Root 'build.ps1') Build
    }
    $toolSources = Get-NewestWrite @((Join-Path $BenchRoot 'BenchTool'))
    if (-not (Test-Path $BenchToolDll) -or (Get-Item $BenchToolDll).LastWriteTimeUtc -lt $toolSources) {
        $output = & dotnet build $BenchToolProject -c Release --nologo -v quiet -clp:ErrorsOnly 2>&1
        if ($LASTEXITCODE -ne 0) { throw "Building $BenchToolProject failed:`n$($output -join "`n")" }
    }
    if ($PrecompiledPowerShell) { Initialize-PrecompiledPwsh }
}

# True when the assembly carries ReadyToRun code (a managed native header), as installed pwsh releases' do.
function Test-ReadyToRun {
    param([string] $Path)
    $stream = [System.IO.File]::OpenRead($Path)
    try {
        $pe = [System.Reflection.PortableExecutable.PEReader]::new($stream)
        $pe.PEHeaders.CorHeader -and $pe.PEHeaders.CorHeader.ManagedNativeHeaderDirectory.Size -gt 0
    }
    finally { $stream.Dispose() }
}

# pwsh rebuilt from Microsoft.PowerShell.SDK (bench/R2RHost) and published ReadyToRun, for cases aP and c1P. The
# built-in modules (Measure-Object, Export-Csv, Invoke-RestMethod live in them) come from this pwsh's $PSHOME,
# since the SDK package does not lay out a Modules folder; PowerShell finds them next to its own assemblies.
function Initialize-PrecompiledPwsh {
    $sources = Get-NewestWrite @((Join-Path $BenchRoot 'R2RHost'), (Join-Path $Root 'Directory.Build.props'), (Join-Path $Root 'Directory.Packages.props'))
    if (-not (Test-Path $R2RStamp) -or (Get-Item $R2RStamp).LastWriteTimeUtc -lt $sources) {
        $os = if ($IsWindows) { 'win' } elseif ($IsMacOS) { 'osx' } else { 'linux' }
        $rid = "$os-$([System.Runtime.InteropServices.RuntimeInformation]::OSArchitecture.ToString().ToLowerInvariant())"
        Write-Host "Publishing pwsh with PowerShell's assemblies precompiled (bench/R2RHost, ReadyToRun, $rid) to $R2RDir." -ForegroundColor Cyan
        if (Test-Path $R2RDir) { Remove-Item -Recurse -Force $R2RDir }
        # The SDK chooses the crossgen pack's version itself.
        $output = & dotnet publish $R2RProject -c Release -r $rid --self-contained false -p:PublishReadyToRun=true -o $R2RDir --nologo -v quiet -clp:ErrorsOnly 2>&1
        if ($LASTEXITCODE -ne 0) { throw "Publishing $R2RProject ReadyToRun failed:`n$($output -join "`n")" }
        $modules = Join-Path $PSHOME 'Modules'
        if (-not (Test-Path (Join-Path $modules 'Microsoft.PowerShell.Utility'))) { throw "No built-in modules under $modules to copy next to the precompiled pwsh." }
        Copy-Item -Recurse $modules (Join-Path $R2RDir 'Modules')
        Set-Content -Path $R2RStamp -Value ([DateTime]::UtcNow.ToString('o'))
    }
    $sma = Join-Path $R2RDir 'System.Management.Automation.dll'
    if (-not (Test-ReadyToRun $sma)) { throw "$sma is not ReadyToRun-compiled: delete $R2RDir and run again, or check the publish (PublishReadyToRun)." }
    # The host must be the same PowerShell as the main cases' and run from its own folder ($PSHOME), modules found.
    $probe = & (Get-PrecompiledPwshCommand)[0] @((Get-PrecompiledPwshCommand) | Select-Object -Skip 1) -NoProfile -NonInteractive -Command `
        '@{ version = $PSVersionTable.PSVersion.ToString(); home = $PSHOME; utility = [bool](Get-Command Measure-Object -ErrorAction SilentlyContinue) } | ConvertTo-Json -Compress' 2>&1
    $info = try { ($probe | ForEach-Object { "$_" }) -join "`n" | ConvertFrom-Json } catch { $null }
    if ($LASTEXITCODE -ne 0 -or -not $info) { throw "The precompiled pwsh in $R2RDir does not start:`n$($probe -join "`n")" }
    if ($info.version -ne $PSVersionTable.PSVersion.ToString()) {
        throw "The precompiled pwsh is PowerShell $($info.version) (Microsoft.PowerShell.SDK in Directory.Packages.props), this script runs under $($PSVersionTable.PSVersion): aP/c1P would not compare like with like. Run the script with the tool package's pwsh (dotnet pwsh), or align the versions."
    }
    if ([System.IO.Path]::GetFullPath($info.home).TrimEnd('/', '\') -ne [System.IO.Path]::GetFullPath($R2RDir).TrimEnd('/', '\')) {
        throw "The precompiled pwsh's `$PSHOME is $($info.home), not $R2RDir."
    }
    if (-not $info.utility) { throw "The precompiled pwsh in $R2RDir does not find Measure-Object: its Modules folder is missing or incomplete; delete $R2RDir and run again." }
    $script:PrecompiledCheck = "PowerShell $($info.version) from Microsoft.PowerShell.SDK (bench/R2RHost), published ReadyToRun: System.Management.Automation.dll has a ReadyToRun header" +
        $(if (Test-ReadyToRun (Join-Path $PSHOME 'System.Management.Automation.dll')) { ', and so has the one of the main cases'' pwsh' } else { ', the main cases'' pwsh''s has none' })
}

# Children run the same PowerShell as this script: under `dotnet pwsh` that is dotnet with pwsh.dll.
function Get-PwshCommand {
    $dll = Join-Path $PSHOME 'pwsh.dll'
    $self = [Environment]::ProcessPath
    if ((Split-Path $self -Leaf) -match '^dotnet(\.exe)?$' -and (Test-Path $dll)) { return @($self, $dll) }
    @($self)
}

# The precompiled pwsh of cases aP and c1P, started by the same dotnet as the other cases.
function Get-PrecompiledPwshCommand {
    $self = [Environment]::ProcessPath
    $dotnet = if ((Split-Path $self -Leaf) -match '^dotnet(\.exe)?$') { $self } else { 'dotnet' }
    @($dotnet, $R2RDll)
}

#endregion

#region The emulator

function Start-BenchEmulator {
    param([int] $RecordCount, [string] $Name)
    if ($BaseUrl) {
        return [pscustomobject]@{ Process = $null; BaseUrl = $BaseUrl.TrimEnd('/'); Project = $Project; Log = $null }
    }
    $log = Join-Path $Tmp "emulator-$Name.log"
    $errLog = Join-Path $Tmp "emulator-$Name.err.log"
    $arguments = @($EmulatorDll, '--port', '0', '--token', $env:BENCH_TOKEN, '--seed-stream', $StreamId,
        '--seed-records', "$RecordCount", '--seed-properties', "$PropertyCount")
    $process = Start-Process -FilePath 'dotnet' `
        -ArgumentList $arguments -RedirectStandardOutput $log -RedirectStandardError $errLog -PassThru -NoNewWindow
    # Seeding a million records takes a while; wait for the READY line, or for the process to die.
    $deadline = [DateTime]::UtcNow.AddMinutes(15)
    while ([DateTime]::UtcNow -lt $deadline) {
        $ready = Select-String -Path $log -Pattern '^EMULATOR READY (.+)$' -ErrorAction SilentlyContinue | Select-Object -First 1
        if ($ready) {
            $info = $ready.Matches[0].Groups[1].Value | ConvertFrom-Json
            return [pscustomobject]@{ Process = $process; BaseUrl = ([string]$info.http).TrimEnd('/'); Project = @($info.projects)[0]; Log = $log }
        }
        if ($process.HasExited) { break }
        Start-Sleep -Milliseconds 250
    }
    $tail = (Get-Content $log, $errLog -Tail 20 -ErrorAction SilentlyContinue) -join "`n"
    if (-not $process.HasExited) { $process.Kill($true) }
    throw "The emulator did not get ready (seeding $RecordCount records). Its output:`n$tail"
}

function Stop-BenchEmulator {
    param($Emulator)
    if ($Emulator -and $Emulator.Process -and -not $Emulator.Process.HasExited) {
        $Emulator.Process.Kill($true)
        $Emulator.Process.WaitForExit(10000) | Out-Null
    }
}

# The in-memory page server (bench/BenchTool serve-pages, cases am and dm): it reads the stream once from the emulator,
# keeps every page in memory and serves them over loopback with its own cursors; other requests (the container lookup)
# it forwards once and replays. Returned in the emulator's shape, so the cases run against it unchanged.
function Start-PageServer {
    param($Emulator, $Source)
    $log = Join-Path $Tmp 'pageserver.log'
    $errLog = Join-Path $Tmp 'pageserver.err.log'
    $arguments = @($BenchToolDll, 'serve-pages', '--upstream', $Emulator.BaseUrl, '--project', $Emulator.Project, '--stream', $StreamId,
        '--source', "$($Source.Space)/$($Source.Container)", '--page-size', '1000')
    $process = Start-Process -FilePath 'dotnet' -ArgumentList $arguments -RedirectStandardOutput $log -RedirectStandardError $errLog -PassThru -NoNewWindow
    $deadline = [DateTime]::UtcNow.AddMinutes(10)
    while ([DateTime]::UtcNow -lt $deadline) {
        $ready = Select-String -Path $log -Pattern '^PAGESERVER READY (.+)$' -ErrorAction SilentlyContinue | Select-Object -First 1
        if ($ready) {
            $info = $ready.Matches[0].Groups[1].Value | ConvertFrom-Json
            Write-Host ('In-memory page server at {0}: {1:N0} records in {2:N0} pages, {3:N1} MB' -f $info.url, $info.records, $info.pages, ($info.bytes / 1MB))
            return [pscustomobject]@{ Process = $process; BaseUrl = ([string]$info.url).TrimEnd('/'); Project = $Emulator.Project; Log = $log; Records = [long]$info.records }
        }
        if ($process.HasExited) { break }
        Start-Sleep -Milliseconds 250
    }
    $tail = (Get-Content $log, $errLog -Tail 20 -ErrorAction SilentlyContinue) -join "`n"
    if (-not $process.HasExited) { $process.Kill($true) }
    throw "The in-memory page server did not get ready. Its output:`n$tail"
}

function Get-EmulatorCpuSeconds {
    param($Emulator)
    if (-not $Emulator.Process) { return 0.0 }
    $Emulator.Process.Refresh()
    $Emulator.Process.TotalProcessorTime.TotalSeconds
}

# Finds the seeded container and its properties through the API itself (sync without sources for the space,
# then the containers of that space), so the benchmark does not hard-code the emulator's seeding schema.
function Get-SeededSource {
    param($Emulator)
    $headers = @{ Authorization = "Bearer $env:BENCH_TOKEN" }
    $api = "$($Emulator.BaseUrl)/api/v1/projects/$($Emulator.Project)"
    $page = Invoke-RestMethod -Method Post -Uri "$api/streams/$StreamId/records/sync" -Headers $headers -ContentType 'application/json' `
        -Body (@{ initializeCursor = '365d-ago'; limit = 1 } | ConvertTo-Json)
    $first = @($page.items)[0]
    if (-not $first) { throw "The seeded stream '$StreamId' returned no record." }
    $space = [string]$first.space
    $containers = @((Invoke-RestMethod -Uri "$api/models/containers?space=$([uri]::EscapeDataString($space))&limit=1000" -Headers $headers).items)
    if ($first.PSObject.Properties['properties'] -and $first.properties) {
        # The record names its containers when properties come back without sources.
        $names = @($first.properties.$space.PSObject.Properties.Name)
        $containers = @($containers | Where-Object { $_.externalId -in $names })
    }
    $container = $containers | Sort-Object { @($_.properties.PSObject.Properties).Count } -Descending | Select-Object -First 1
    if (-not $container) { throw "No container found in space '$space' of the seeded stream." }
    $properties = @($container.properties.PSObject.Properties | ForEach-Object {
            $type = $_.Value.type
            [pscustomobject]@{
                Name = $_.Name
                Type = [string]$type.type + $(if ($type.PSObject.Properties['list'] -and $type.list) { '[]' } else { '' })
                Json = ($type.PSObject.Properties['list'] -and $type.list) -or $type.type -in 'json', 'direct'
            }
        })
    [pscustomobject]@{ Space = $space; Container = [string]$container.externalId; Properties = $properties }
}

#endregion

#region Running the cases

# The whole process, from its start to its exit: /usr/bin/time -v (GNU time) where it exists, else a stopwatch
# around the process here (then without CPU and peak memory).
$TimeTool = if (-not $IsWindows -and (Test-Path '/usr/bin/time')) { '/usr/bin/time' } else { $null }

function Read-TimeReport {
    # GNU time's -v report: wall clock, user and system CPU, peak resident set.
    param([string] $Path)
    $text = Get-Content -Raw -LiteralPath $Path
    $field = { param($name) if ($text -match "(?m)^\s*$([regex]::Escape($name)):\s*(\S+)\s*$") { $Matches[1] } }
    $wall = 0.0
    foreach ($part in ((& $field 'Elapsed (wall clock) time (h:mm:ss or m:ss)') -split ':')) { $wall = $wall * 60 + [double]::Parse($part, [cultureinfo]::InvariantCulture) }
    [pscustomobject]@{
        Seconds    = $wall
        CpuSeconds = [double]::Parse((& $field 'User time (seconds)'), [cultureinfo]::InvariantCulture) + [double]::Parse((& $field 'System time (seconds)'), [cultureinfo]::InvariantCulture)
        PeakBytes  = [long](& $field 'Maximum resident set size (kbytes)') * 1024
    }
}

function Invoke-Child {
    # Runs one case in its own process and returns its BENCH-RESULT object, with the whole process's figures as
    # .whole (process start to exit); fails loudly on any error.
    param([string] $Label, [string[]] $Command)
    $timeFile = Join-Path $Tmp 'time.txt'
    if (Test-Path $timeFile) { Remove-Item $timeFile }
    $clock = [System.Diagnostics.Stopwatch]::StartNew()
    $output = if ($TimeTool) { & $TimeTool -v -o $timeFile @Command 2>&1 } else { & $Command[0] @($Command | Select-Object -Skip 1) 2>&1 }
    $exit = $LASTEXITCODE
    $clock.Stop()
    $line = @($output | ForEach-Object { "$_" } | Where-Object { $_ -like 'BENCH-RESULT *' }) | Select-Object -Last 1
    if ($exit -ne 0 -or -not $line) {
        $text = ($output | Select-Object -Last 30 | ForEach-Object { "$_" }) -join "`n"
        throw "Case $Label failed (exit code $exit):`n$text"
    }
    $result = $line.Substring('BENCH-RESULT '.Length) | ConvertFrom-Json
    $whole = if ($TimeTool -and (Test-Path $timeFile)) { Read-TimeReport $timeFile }
    else { [pscustomobject]@{ Seconds = $clock.Elapsed.TotalSeconds; CpuSeconds = [double]::NaN; PeakBytes = [double]::NaN } }
    $result | Add-Member -NotePropertyName whole -NotePropertyValue $whole
    $result
}

function Get-CaseCommand {
    param([string] $Name, $Emulator, $Source, [string] $CsvPath, [int] $Records)
    $pwsh = if ($Name -in $PrecompiledCases) { Get-PrecompiledPwshCommand } else { Get-PwshCommand }
    $common = @('-BaseUrl', $Emulator.BaseUrl, '-Project', $Emulator.Project, '-Stream', $StreamId)
    $sourceText = "$($Source.Space)/$($Source.Container)"
    switch ($Name) {
        { $_ -in 'a', 'aP', 'am', 'a0', 'aQ' } { $pwsh + @('-NoProfile', '-NonInteractive', '-File', (Join-Path $BenchRoot 'cases/Sync-Module.ps1'), '-ModulePath', $ModulePath) + $common + @('-Source', $sourceText) }
        'aw' { $pwsh + @('-NoProfile', '-NonInteractive', '-File', (Join-Path $BenchRoot 'cases/Sync-Module.ps1'), '-ModulePath', $ModulePath) + $common + @('-Source', $sourceText, '-Warm') }
        'b' { $pwsh + @('-NoProfile', '-NonInteractive', '-File', (Join-Path $BenchRoot 'cases/Sync-Module.ps1'), '-ModulePath', $ModulePath) + $common + @('-Source', $sourceText, '-CsvPath', $CsvPath) }
        { $_ -in 'e', 'ej', 'ep' } { $pwsh + @('-NoProfile', '-NonInteractive', '-File', (Join-Path $BenchRoot 'cases/Sync-Module.ps1'), '-ModulePath', $ModulePath) + $common + @('-Source', $sourceText, '-ExportPath', $CsvPath) }
        { $_ -in 'c1', 'c2', 'c1w', 'c1P' } {
            $c = $pwsh + @('-NoProfile', '-NonInteractive', '-File', (Join-Path $BenchRoot 'cases/Sync-RestLoop.ps1')) + $common +
                @('-Space', $Source.Space, '-Container', $Source.Container)
            if ($Name -eq 'c1w') { $c += '-Warm' }
            if ($Name -eq 'c2') {
                $c += @('-Property', (($Source.Properties.Name) -join ','), '-JsonProperty', ((@($Source.Properties | Where-Object Json).Name) -join ','), '-CsvPath', $CsvPath)
            }
            $c
        }
        { $_ -in 'f', 'fP' } { $pwsh + @('-NoProfile', '-NonInteractive', '-File', (Join-Path $BenchRoot 'cases/PowerShell-Floor.ps1'), '-Records', "$Records") }
        { $_ -in 'd', 'dm' } { @('dotnet', $BenchToolDll, 'transport', '--base-url', $Emulator.BaseUrl, '--project', $Emulator.Project, '--stream', $StreamId, '--source', $sourceText, '--page-size', '1000') }
    }
}

function Invoke-Case {
    param([string] $Name, $Emulator, $Source, [string] $CsvPath, [int] $Expected, [int] $Run)
    $emulatorCpu = Get-EmulatorCpuSeconds $Emulator
    # (a0): the same as (a), with the loader told to take the portable engine (lib/) instead of the precompiled one.
    if ($Name -eq 'a0') { $env:COGNITERECORDS_PORTABLE_ENGINE = '1' }
    # (aQ), in the 1,000,000-record run only: (a) with the runtime's dynamic PGO off, a knob that a runbook's scheduler
    # can set when it starts pwsh; for comparison, the main figures set no runtime knob.
    if ($Name -eq 'aQ') { $env:DOTNET_TieredPGO = '0' }
    try { $r = Invoke-Child -Label $Name -Command (Get-CaseCommand -Name $Name -Emulator $Emulator -Source $Source -CsvPath $CsvPath -Records $Expected) }
    finally { Remove-Item Env:COGNITERECORDS_PORTABLE_ENGINE, Env:DOTNET_TieredPGO -ErrorAction SilentlyContinue }
    $emulatorCpu = (Get-EmulatorCpuSeconds $Emulator) - $emulatorCpu
    $count = [long]$r.records
    if ($count -ge 0 -and $count -ne $Expected) { throw "Case $Name saw $count records, the stream holds $Expected." }
    if ($count -lt 0) { $count = $Expected }   # a CSV case; the CSV comparison checks its records
    $result = [pscustomobject]@{
        Case           = $Name
        Run            = $Run
        Records        = $count
        Seconds        = [double]$r.seconds
        RecordsPerSec  = $count / [double]$r.seconds
        CpuSeconds     = [double]$r.cpuSeconds
        JitMethods     = if ($r.PSObject.Properties['jitMethods']) { [double]$r.jitMethods } else { [double]::NaN }
        PeakBytes      = [long]$r.peakWorkingSetBytes
        EmulatorCpuSec = $emulatorCpu
        # The whole process, start to exit: pwsh's own start, Import-Module, Connect-CdfProject and the exit included.
        WholeSeconds   = [double]$r.whole.Seconds
        WholeCpuSec    = [double]$r.whole.CpuSeconds
        WholePeakBytes = [double]$r.whole.PeakBytes
        # Methods JIT-compiled over the whole process (read at the end of the case script; n/a for the C# tool).
        JitTotal       = if ($r.PSObject.Properties['jitMethodsTotal']) { [double]$r.jitMethodsTotal } else { [double]::NaN }
    }
    Write-Host ('  {0,-3} run {1}: {2,10:N0} records/s  {3,7:N2} s  CPU {4,6:N2} s (JIT {5,6:N0} methods)  peak {6,6:N0} MB  server CPU {7,6:N2} s | whole process {8,6:N2} s, CPU {9,6:N2} s' -f
        $Name, $Run, $result.RecordsPerSec, $result.Seconds, $result.CpuSeconds, $result.JitMethods, ($result.PeakBytes / 1MB), $emulatorCpu, $result.WholeSeconds, $result.WholeCpuSec)
    $result
}

function Get-Median {
    param([double[]] $Values)
    if (-not $Values -or $Values.Count -eq 0) { return [double]::NaN }
    $sorted = [double[]]($Values | Sort-Object)
    $mid = [math]::Floor($sorted.Count / 2)
    if ($sorted.Count % 2) { $sorted[$mid] } else { ($sorted[$mid - 1] + $sorted[$mid]) / 2 }
}

function Assert-SameCsv {
    param([string] $Left, [string] $Right, [int] $Expected)
    $output = & dotnet $BenchToolDll compare-csv --left $Left --right $Right 2>&1
    $exit = $LASTEXITCODE
    $text = ($output | ForEach-Object { "$_" }) -join "`n"
    $verdict = try { $text | ConvertFrom-Json } catch { $null }
    if ($exit -ne 0 -or -not $verdict -or -not $verdict.equal) {
        Write-Host $text -ForegroundColor Red
        throw "The CSV files do not hold the same records: $Left vs $Right (see above)."
    }
    if ($verdict.leftRecords -ne $Expected) { throw "The CSV $Left holds $($verdict.leftRecords) records, the stream $Expected." }
    $verdict
}

#endregion

#region The report

function Get-MachineDescription {
    $cpu = if (Test-Path /proc/cpuinfo) { (Select-String -Path /proc/cpuinfo -Pattern '^model name\s*:\s*(.+)$' | Select-Object -First 1).Matches[0].Groups[1].Value } else { $env:PROCESSOR_IDENTIFIER }
    $memory = if (Test-Path /proc/meminfo) {
        $kb = [long](Select-String -Path /proc/meminfo -Pattern '^MemTotal:\s+(\d+)').Matches[0].Groups[1].Value
        '{0:N1} GiB' -f ($kb / 1MB)
    } else { 'unknown' }
    $os = if (Test-Path /etc/os-release) {
        (Select-String -Path /etc/os-release -Pattern '^PRETTY_NAME="?([^"]+)"?').Matches[0].Groups[1].Value + ', kernel ' + (Get-Content /proc/sys/kernel/osrelease -ErrorAction SilentlyContinue)
    } else { [System.Runtime.InteropServices.RuntimeInformation]::OSDescription }
    $load = if (Test-Path /proc/loadavg) { ((Get-Content /proc/loadavg) -split ' ')[0..2] -join ' ' } else { 'n/a' }
    $commit = (& git -C $Root rev-parse --short HEAD 2>$null)
    if ($commit -and (& git -C $Root status --porcelain -- src bench 2>$null)) { $commit += ' (with local changes)' }
    $description = [ordered]@{
        'CPU'                 = "$cpu, $([Environment]::ProcessorCount) logical cores"
        'Memory'              = $memory
        'OS'                  = $os
        '.NET'                = [System.Runtime.InteropServices.RuntimeInformation]::FrameworkDescription
        'PowerShell'          = $PSVersionTable.PSVersion.ToString()
        'Commit'              = $commit
        'Load average (1/5/15 min) at start' = $script:LoadAtStart
        'Load average at end' = $load
    }
    if ($PrecompiledPowerShell) { $description['PowerShell of aP and c1P'] = $script:PrecompiledCheck }
    $description
}

function Format-Rate { param([double] $Value) if ([double]::IsNaN($Value)) { 'not run' } else { '{0:N0}' -f $Value } }
function Format-Ratio { param([double] $Value) if ([double]::IsNaN($Value)) { 'n/a' } else { '{0:N2}' -f $Value } }
function Format-Mark { param($Pass) if ($null -eq $Pass) { 'not measured' } elseif ($Pass) { '**pass**' } else { '**MISS**' } }

#endregion

# Plain text from the children, so that their errors read well when a case fails.
$env:NO_COLOR = '1'
$script:LoadAtStart = if (Test-Path /proc/loadavg) { ((Get-Content /proc/loadavg) -split ' ')[0..2] -join ' ' } else { 'n/a' }
$started = [DateTime]::UtcNow
Initialize-BenchTools

# A fresh token per run, handed to the children through the environment (never on a command line).
if ($BaseUrl) {
    if (-not $Project -or -not $env:BENCH_TOKEN) { throw '-BaseUrl needs -Project, and the token in $env:BENCH_TOKEN.' }
    if ($Large) { throw '-Large seeds its own emulator: it cannot be used with -BaseUrl.' }
}
else {
    $env:BENCH_TOKEN = 'bench-' + [guid]::NewGuid().ToString('n')
}
$results = [System.Collections.Generic.List[object]]::new()
$importMs = [System.Collections.Generic.List[double]]::new()
$largeResults = [System.Collections.Generic.List[object]]::new()
$largePgoOff = [System.Collections.Generic.List[object]]::new()
$largePrecompiled = [System.Collections.Generic.List[object]]::new()
$csvVerdict = $null
$exportVerdicts = @{}
$csvVerdictE = $null
$emulator = $null
$pageServer = $null
try {
    Write-Host "== Seeding the emulator with $($Records.ToString('N0')) records" -ForegroundColor Cyan
    $emulator = Start-BenchEmulator -RecordCount $Records -Name 'main'
    $source = Get-SeededSource $emulator
    Write-Host ("Stream '$StreamId' in project '$($emulator.Project)' at $($emulator.BaseUrl); source $($source.Space)/$($source.Container): " +
        (($source.Properties | ForEach-Object { "$($_.Name):$($_.Type)" }) -join ', '))

    # One untimed pass first, so that the emulator's own JIT warm-up is not charged to whichever case runs first.
    $null = Invoke-Child -Label 'warm-up' -Command (Get-CaseCommand -Name 'd' -Emulator $emulator -Source $source)
    if ($Case | Where-Object { $_ -in $PageServerCases }) {
        Write-Host '== Recording the stream into the in-memory page server' -ForegroundColor Cyan
        $pageServer = Start-PageServer -Emulator $emulator -Source $source
        if ($pageServer.Records -ne $Records) { throw "The page server recorded $($pageServer.Records) records, the stream holds $Records." }
        # Untimed, as for the emulator: the server's warm-up, and the requests it forwards once (the container lookup).
        $null = Invoke-Child -Label 'warm-up' -Command (Get-CaseCommand -Name 'dm' -Emulator $pageServer -Source $source)
        $null = Invoke-Child -Label 'warm-up' -Command (Get-CaseCommand -Name 'am' -Emulator $pageServer -Source $source)
    }

    $csvB = Join-Path $Tmp 'b-module.csv'
    $csvC2 = Join-Path $Tmp 'c2-restloop.csv'
    $csvE = Join-Path $Tmp 'e-export.csv'
    $jsonlE = Join-Path $Tmp 'ej-export.jsonl'
    $parquetE = Join-Path $Tmp 'ep-export.parquet'
    for ($run = 1; $run -le $Repeat; $run++) {
        Write-Host "== Run $run of $Repeat" -ForegroundColor Cyan
        # Interleaved, so that a noisy moment of the machine spreads over every case.
        foreach ($name in $AllCases) {
            if ($name -notin $Case) { continue }
            $csv = switch ($name) { 'b' { $csvB } 'c2' { $csvC2 } 'e' { $csvE } 'ej' { $jsonlE } 'ep' { $parquetE } default { $null } }
            $server = if ($name -in $PageServerCases) { $pageServer } else { $emulator }
            $results.Add((Invoke-Case -Name $name -Emulator $server -Source $source -CsvPath $csv -Expected $Records -Run $run))
        }
        if ($run -eq 1 -and 'b' -in $Case -and 'c2' -in $Case) {
            # Early, so that a difference fails the run before the long part.
            $csvVerdict = Assert-SameCsv -Left $csvB -Right $csvC2 -Expected $Records
            Write-Host "  CSV of (b) and (c2): the same $($csvVerdict.recordsCompared) records, $($csvVerdict.cellsCompared) cells in $($csvVerdict.columns) columns." -ForegroundColor Green
        }
        if ($run -eq 1 -and 'b' -in $Case -and 'e' -in $Case) {
            # Export-CdfRecord's file holds the same records as Export-Csv's.
            $csvVerdictE = Assert-SameCsv -Left $csvE -Right $csvB -Expected $Records
            Write-Host "  CSV of (e) and (b): the same $($csvVerdictE.recordsCompared) records, $($csvVerdictE.cellsCompared) cells in $($csvVerdictE.columns) columns." -ForegroundColor Green
        }
        foreach ($other in @(@{ Name = 'ej'; Path = $jsonlE; Format = 'JSON Lines' }, @{ Name = 'ep'; Path = $parquetE; Format = 'Parquet' })) {
            if ($run -ne 1 -or 'b' -notin $Case -or $other.Name -notin $Case) { continue }
            # Export-CdfRecord's JSON Lines file and Parquet parts (read with Parquet.Net's reader) hold the same values as (b)'s CSV.
            $exportVerdicts[$other.Name] = Assert-SameCsv -Left $other.Path -Right $csvB -Expected $Records
            Write-Host "  $($other.Format) of ($($other.Name)) and CSV of (b): the same $($exportVerdicts[$other.Name].recordsCompared) records, $($exportVerdicts[$other.Name].cellsCompared) cells." -ForegroundColor Green
        }
    }

    Write-Host '== Import-Module time' -ForegroundColor Cyan
    $importRuns = if ('a' -in $Case) { [math]::Max(5, $Repeat) } else { 0 }
    $pwsh = Get-PwshCommand
    for ($i = 1; $i -le $importRuns; $i++) {
        $r = Invoke-Child -Label 'import' -Command ($pwsh + @('-NoProfile', '-NonInteractive', '-File', (Join-Path $BenchRoot 'cases/Import-CdfModule.ps1'), '-ModulePath', $ModulePath))
        $importMs.Add([double]$r.importMilliseconds)
        Write-Host ('  import run {0}: {1:N0} ms' -f $i, $r.importMilliseconds)
    }
}
finally {
    Stop-BenchEmulator $pageServer
    Stop-BenchEmulator $emulator
}

if ($Large -and -not $Quick) {
    $emulator = $null
    try {
        Write-Host "== Seeding a second emulator with $($LargeRecords.ToString('N0')) records for the memory run" -ForegroundColor Cyan
        $emulator = Start-BenchEmulator -RecordCount $LargeRecords -Name 'large'
        $largeSource = Get-SeededSource $emulator
        $null = Invoke-Child -Label 'warm-up' -Command (Get-CaseCommand -Name 'd' -Emulator $emulator -Source $largeSource)
        for ($run = 1; $run -le $Repeat; $run++) {
            $largeResults.Add((Invoke-Case -Name 'a' -Emulator $emulator -Source $largeSource -Expected $LargeRecords -Run $run))
            $largePgoOff.Add((Invoke-Case -Name 'aQ' -Emulator $emulator -Source $largeSource -Expected $LargeRecords -Run $run))
            if ($PrecompiledPowerShell) { $largePrecompiled.Add((Invoke-Case -Name 'aP' -Emulator $emulator -Source $largeSource -Expected $LargeRecords -Run $run)) }
        }
    }
    finally {
        Stop-BenchEmulator $emulator
        Remove-Item Env:BENCH_TOKEN -ErrorAction SilentlyContinue
    }
}
Remove-Item Env:BENCH_TOKEN -ErrorAction SilentlyContinue

#region Figures, targets and the markdown

$descriptions = [ordered]@{
    a  = '`Sync-CdfRecord \| Measure-Object`'
    b  = '`Sync-CdfRecord \| Export-Csv`'
    c1 = '`Invoke-RestMethod` loop `\| Measure-Object`'
    c2 = '`Invoke-RestMethod` loop `\| Select-Object \| Export-Csv`'
    d  = 'transport limit: C# `HttpClient` + `Utf8JsonReader`'
    e  = '`Sync-CdfRecord \| Export-CdfRecord x.csv`'
    ej = '`Sync-CdfRecord \| Export-CdfRecord x.jsonl`'
    ep = '`Sync-CdfRecord \| Export-CdfRecord x.parquet` (a folder of parts)'
    a0 = 'for comparison: (a) with the portable engine (IL, JIT-compiled: before precompiling)'
    am = '(a) against the in-memory page server (pages recorded from the emulator, served from memory)'
    dm = '(d) against the in-memory page server: the transport limit without the emulator''s cost'
    aw = 'for comparison: (a) again in the same process, after one untimed pass (warm)'
    c1w = 'for comparison: (c1) again in the same process, after one untimed pass (warm)'
    f  = 'for comparison: PowerShell alone, no module and no HTTP: `[Linq.Enumerable]::Range(0, N) \| Measure-Object`, the same number of objects (the floor of any such pipeline in a fresh pwsh)'
}
if ($PrecompiledPowerShell) {
    $descriptions['aP'] = 'for comparison: (a) in pwsh with PowerShell''s own assemblies precompiled (ReadyToRun), as in installed releases'
    $descriptions['c1P'] = 'for comparison: (c1) in pwsh with PowerShell''s own assemblies precompiled (ReadyToRun), as in installed releases'
    $descriptions['fP'] = 'for comparison: (f) in pwsh with PowerShell''s own assemblies precompiled (ReadyToRun), as in installed releases'
}
$median = @{}
$lines = [System.Collections.Generic.List[string]]::new()
$lines.Add('# Benchmark: Sync-CdfRecord against the hand-written loop and the transport limit')
$lines.Add('')
$lines.Add(('Run {0:yyyy-MM-dd HH:mm} UTC, {1:N0} records per stream ({2} properties), median of {3} run(s) per case, each case a fresh process reading the whole stream from the start. Took {4:N0} s.' -f
        $started, $Records, $PropertyCount, $Repeat, ([DateTime]::UtcNow - $started).TotalSeconds))
$arguments = @($PSBoundParameters.GetEnumerator() | ForEach-Object { if ($_.Value -is [switch]) { "-$($_.Key)" } else { "-$($_.Key) $($_.Value -join ',')" } }) -join ' '
$lines.Add('Command: `dotnet pwsh bench/Invoke-Benchmark.ps1' + $(if ($arguments) { " $arguments" } else { '' }) + '` (what `dotnet pwsh ./build.ps1 Bench` runs).')
# The load before the run: during it the benchmark's own processes (a case's several busy threads, the emulator)
# keep the load average near or above the core count by themselves, so the load at the end says little.
$loadBefore = if ($script:LoadAtStart -ne 'n/a') { [double](($script:LoadAtStart -split ' ')[0]) } else { 0 }
if ($loadBefore -gt [Environment]::ProcessorCount) {
    $lines.Add('')
    $lines.Add(("**The machine was busy when the run started** (1-minute load average {0:N1} on {1} cores before the first case): other work probably shared the cores, so the wall-clock rates are low and the ratios are pessimistic for (a) and (b), whose reading and writing threads cannot overlap. CPU µs/record are the steadier figures." -f $loadBefore, [Environment]::ProcessorCount))
}
$lines.Add('')
$lines.Add('| case | what | records/s (median) | min – max | seconds | CPU µs/record (pwsh or tool) | methods JIT-compiled | server CPU s (emulator or page server) | peak working set MB |')
$lines.Add('|---|---|---:|---:|---:|---:|---:|---:|---:|')
foreach ($name in $descriptions.Keys) {
    $runs = @($results | Where-Object Case -EQ $name)
    if (-not $runs) {
        $median[$name] = [double]::NaN
        $lines.Add("| $name | $($descriptions[$name]) | not run | | | | | | |")
        continue
    }
    $median[$name] = Get-Median ($runs.RecordsPerSec)
    $cpuPerRecord = Get-Median ($runs | ForEach-Object { $_.CpuSeconds / $_.Records * 1e6 })
    $emulatorCpu = if ($BaseUrl) { 'n/a' } else { '{0:N2}' -f (Get-Median $runs.EmulatorCpuSec) }
    $lines.Add(('| {0} | {1} | {2:N0} | {3:N0} – {4:N0} | {5:N2} | {6:N1} | {7:N0} | {8} | {9:N0} |' -f $name, $descriptions[$name], $median[$name],
            ($runs.RecordsPerSec | Measure-Object -Minimum).Minimum, ($runs.RecordsPerSec | Measure-Object -Maximum).Maximum,
            (Get-Median $runs.Seconds), $cpuPerRecord, (Get-Median $runs.JitMethods), $emulatorCpu, ((Get-Median $runs.PeakBytes) / 1MB)))
}
# The same runs, timed whole: from the process's start to its exit (what a scheduled runbook costs).
$wholeMedian = @{}
$lines.Add('')
$lines.Add(('Whole process, the same runs timed from process start to exit ({0}): pwsh''s start, `Import-Module`, `Connect-CdfProject`, the pipeline and the exit.' -f
        $(if ($TimeTool) { '`/usr/bin/time -v`' } else { 'a stopwatch around the process; no CPU or memory figures without GNU time' })))
$lines.Add('')
$lines.Add('| case | seconds (median) | min – max | records/s | CPU s (user + system) | CPU µs/record | peak resident set MB | methods JIT-compiled, whole process |')
$lines.Add('|---|---:|---:|---:|---:|---:|---:|---:|')
foreach ($name in $descriptions.Keys) {
    $runs = @($results | Where-Object Case -EQ $name)
    if (-not $runs) { $wholeMedian[$name] = [double]::NaN; continue }
    $wholeMedian[$name] = Get-Median $runs.WholeSeconds
    $jitTotal = Get-Median $runs.JitTotal
    $lines.Add(('| {0} | {1:N2} | {2:N2} – {3:N2} | {4:N0} | {5:N2} | {6:N1} | {7:N0} | {8} |' -f $name, $wholeMedian[$name],
            ($runs.WholeSeconds | Measure-Object -Minimum).Minimum, ($runs.WholeSeconds | Measure-Object -Maximum).Maximum,
            ($runs[0].Records / $wholeMedian[$name]), (Get-Median $runs.WholeCpuSec), ((Get-Median ($runs | ForEach-Object { $_.WholeCpuSec / $_.Records })) * 1e6),
            ((Get-Median $runs.WholePeakBytes) / 1MB), $(if ([double]::IsNaN($jitTotal)) { 'n/a' } else { '{0:N0}' -f $jitTotal })))
}
$wholeAC1 = $wholeMedian['c1'] / $wholeMedian['a']
$wholeBC2 = $wholeMedian['c2'] / $wholeMedian['b']

$ratioAC1 = $median['a'] / $median['c1']
$ratioBC2 = $median['b'] / $median['c2']
$ratioAD = $median['a'] / $median['d']
$aRuns = @($results | Where-Object Case -EQ 'a')
$mem100k = if ($aRuns) { Get-Median $aRuns.PeakBytes } else { [double]::NaN }
$mem1M = if ($largeResults.Count) { Get-Median $largeResults.PeakBytes } else { [double]::NaN }
$importMedian = Get-Median $importMs.ToArray()
$cpuA = if ($aRuns) { Get-Median ($aRuns | ForEach-Object { $_.CpuSeconds / $_.Records * 1e6 }) } else { [double]::NaN }

$lines.Add('')
$lines.Add('| figure | value | target | |')
$lines.Add('|---|---:|---|---|')
$nan = { param($v) [double]::IsNaN($v) }
$lines.Add(('| a/c1, whole process (c1''s seconds ÷ a''s, start to exit) | {0} | ≥ 10 | {1} |' -f (Format-Ratio $wholeAC1), (Format-Mark $(if (& $nan $wholeAC1) { $null } else { $wholeAC1 -ge 10 }))))
if ($PrecompiledPowerShell) {
    # The issue's own measurement had PowerShell's start at 0.36 s: an installed, precompiled pwsh, as (aP) and (c1P) run.
    $wholeAC1P = $wholeMedian['c1P'] / $wholeMedian['aP']
    $lines.Add(('| the same with PowerShell precompiled as installed releases are (aP/c1P, whole process) | {0} | ≥ 10 | {1} |' -f (Format-Ratio $wholeAC1P), (Format-Mark $(if (& $nan $wholeAC1P) { $null } else { $wholeAC1P -ge 10 }))))
}
$lines.Add(('| for comparison, the most any module could reach here, whole process: c1 ÷ f (and c1P ÷ fP), PowerShell alone putting as many objects through `Measure-Object` | {0} · {1} | | |' -f
        (Format-Ratio ($wholeMedian['c1'] / $wholeMedian['f'])), (Format-Ratio ($wholeMedian['c1P'] / $wholeMedian['fP']))))
$lines.Add(('| a/c1, in process (records/s of the pipeline) | {0} | ≥ 12 | {1} |' -f (Format-Ratio $ratioAC1), (Format-Mark $(if (& $nan $ratioAC1) { $null } else { $ratioAC1 -ge 12 }))))
$lines.Add(('| b/c2, whole process | {0} | | |' -f (Format-Ratio $wholeBC2)))
$lines.Add(('| b/c2 | {0} | ≥ 4 | {1} |' -f (Format-Ratio $ratioBC2), (Format-Mark $(if (& $nan $ratioBC2) { $null } else { $ratioBC2 -ge 4 }))))
$ratioEC2 = $median['e'] / $median['c2']
$ratioEB = $median['e'] / $median['b']
$lines.Add(('| e/c2: `Sync-CdfRecord \| Export-CdfRecord x.csv` against the hand-written loop into `Export-Csv` | {0} | ≥ 25 | {1} |' -f (Format-Ratio $ratioEC2), (Format-Mark $(if (& $nan $ratioEC2) { $null } else { $ratioEC2 -ge 25 }))))
$lines.Add(('| e/b: the same against `Sync-CdfRecord \| Export-Csv` | {0} | ≥ 3 | {1} |' -f (Format-Ratio $ratioEB), (Format-Mark $(if (& $nan $ratioEB) { $null } else { $ratioEB -ge 3 }))))
$lines.Add(('| for comparison, ej/c2 and ep/c2 (JSON Lines, Parquet) | {0} · {1} | | |' -f (Format-Ratio ($median['ej'] / $median['c2'])), (Format-Ratio ($median['ep'] / $median['c2']))))
$lines.Add(('| a/d | {0} | ≥ 0.33 | {1} |' -f (Format-Ratio $ratioAD), (Format-Mark $(if (& $nan $ratioAD) { $null } else { $ratioAD -ge 0.33 }))))
$memText = if (& $nan $mem100k) { 'n/a' } else { '{0:N0} MB' -f ($mem100k / 1MB) }
$lines.Add(('| peak working set of (a) at {0:N0} records | {1} | | |' -f $Records, $memText))
if (& $nan $mem1M) {
    $lines.Add('| peak working set of (a) at 1,000,000 records | not measured (run with `-Large`) | ≤ 1.25 × the above and < 250 MB | not measured |')
}
else {
    $growth = $mem1M / $mem100k
    $lines.Add(('| peak working set of (a) at 1,000,000 records | {0:N0} MB ({1:N2} ×; {2:N0} records/s) | ≤ 1.25 × the above and < 250 MB | {3} |' -f
            ($mem1M / 1MB), $growth, (Get-Median $largeResults.RecordsPerSec), (Format-Mark (($growth -le 1.25) -and ($mem1M -lt 250MB)))))
}
$importText = if (& $nan $importMedian) { 'not measured (needs case a)' } else { '{0:N0} ms' -f $importMedian }
$lines.Add(('| `Import-Module` time (median of {0}) | {1} | < 300 ms | {2} |' -f $importMs.Count, $importText, (Format-Mark $(if (& $nan $importMedian) { $null } else { $importMedian -lt 300 }))))
$cpuText = if (& $nan $cpuA) { 'n/a' } else { '{0:N1} µs' -f $cpuA }
$lines.Add(('| CPU time per record of (a), in its pwsh process, over the pipeline | {0} | | |' -f $cpuText))
$cpuAWhole = if ($aRuns) { Get-Median ($aRuns | ForEach-Object { $_.WholeCpuSec / $_.Records * 1e6 }) } else { [double]::NaN }
$lines.Add(('| CPU time per record of (a), whole process (start to exit) | {0} | | |' -f $(if (& $nan $cpuAWhole) { 'n/a' } else { '{0:N1} µs' -f $cpuAWhole })))
if ($largeResults.Count) {
    $cpu1M = Get-Median ($largeResults | ForEach-Object { $_.CpuSeconds / $_.Records * 1e6 })
    $cpu1MWhole = Get-Median ($largeResults | ForEach-Object { $_.WholeCpuSec / $_.Records * 1e6 })
    $lines.Add(('| CPU time per record of (a) at 1,000,000 records, over the pipeline (warm-up spread over ten times the records) | {0:N1} µs | ≤ 6 µs | {1} |' -f $cpu1M, (Format-Mark ($cpu1M -le 6))))
    $lines.Add(('| the same, whole process | {0:N1} µs | | |' -f $cpu1MWhole))
    if ($largePrecompiled.Count) {
        $lines.Add(('| for comparison, the same in pwsh with PowerShell''s own assemblies precompiled (aP): CPU per record over the pipeline · records/s | {0:N1} µs · {1:N0} | | |' -f
                (Get-Median ($largePrecompiled | ForEach-Object { $_.CpuSeconds / $_.Records * 1e6 })), (Get-Median $largePrecompiled.RecordsPerSec)))
    }
    if ($largePgoOff.Count) {
        $cpu1MQ = Get-Median ($largePgoOff | ForEach-Object { $_.CpuSeconds / $_.Records * 1e6 })
        $lines.Add(('| for comparison, the same with the runtime''s dynamic PGO off (`DOTNET_TieredPGO=0` when pwsh starts; aQ): CPU per record over the pipeline · records/s | {0:N1} µs · {1:N0} | | |' -f
                $cpu1MQ, (Get-Median $largePgoOff.RecordsPerSec)))
    }
}
else {
    $lines.Add('| CPU time per record of (a) at 1,000,000 records | not measured (run with `-Large`) | ≤ 6 µs | not measured |')
}
$jitA = if ($aRuns) { Get-Median $aRuns.JitTotal } else { [double]::NaN }
$a0Runs = @($results | Where-Object Case -EQ 'a0')
$jitA0 = if ($a0Runs) { Get-Median $a0Runs.JitTotal } else { [double]::NaN }
$lines.Add(('| methods JIT-compiled in (a), whole process (`JitInfo.GetCompiledMethodCount` at the end of the case script): precompiled engine (a) · portable engine (a0) | {0} · {1} | | |' -f
        $(if (& $nan $jitA) { 'n/a' } else { '{0:N0}' -f $jitA }), $(if (& $nan $jitA0) { 'n/a' } else { '{0:N0}' -f $jitA0 })))
# The same comparisons in CPU time per record: steadier than wall-clock rates when the machine is shared, but blind
# to what (a) gains by reading pages on one thread while the pipeline thread writes objects.
$cpuMedian = @{}
foreach ($name in $descriptions.Keys) {
    $runs = @($results | Where-Object Case -EQ $name)
    $cpuMedian[$name] = if ($runs) { Get-Median ($runs | ForEach-Object { $_.CpuSeconds / $_.Records }) } else { [double]::NaN }
}
$lines.Add(('| am/dm: the client against the transport limit, both reading the in-memory page server (the client''s own ceiling) | {0} (dm = {1} × d) | | |' -f
        (Format-Ratio ($median['am'] / $median['dm'])), (Format-Ratio ($median['dm'] / $median['d']))))
$lines.Add(('| for comparison, a/c1 once both are warm (aw/c1w: second pass in the same process) | {0} | | |' -f (Format-Ratio ($median['aw'] / $median['c1w']))))
if ($PrecompiledPowerShell) {
    $lines.Add(('| for comparison, a/c1 with PowerShell''s own assemblies precompiled (aP/c1P) | {0} (aP = {1} × a, c1P = {2} × c1) | | |' -f
            (Format-Ratio ($median['aP'] / $median['c1P'])), (Format-Ratio ($median['aP'] / $median['a'])), (Format-Ratio ($median['c1P'] / $median['c1']))))
}
$lines.Add(('| for comparison, by CPU time per record: c1/a, c2/b, d/a | {0} · {1} · {2} | | |' -f
        (Format-Ratio ($cpuMedian['c1'] / $cpuMedian['a'])), (Format-Ratio ($cpuMedian['c2'] / $cpuMedian['b'])), (Format-Ratio ($cpuMedian['d'] / $cpuMedian['a']))))
$lines.Add('')
if ($csvVerdictE) {
    $lines.Add(('CSV check of (e): the file of `Export-CdfRecord` holds the same {0:N0} records as that of (b) (`Export-Csv`), {1:N0} cells compared the same way.' -f
            $csvVerdictE.recordsCompared, $csvVerdictE.cellsCompared))
    $lines.Add('')
}
foreach ($name in 'ej', 'ep') {
    if (-not $exportVerdicts.ContainsKey($name)) { continue }
    $lines.Add(('Check of ({0}): the {1} of `Export-CdfRecord` holds the same {2:N0} records as the CSV file of (b), {3:N0} cells compared value by value the same way (`BenchTool compare-csv`{4}).' -f
            $name, $(if ($name -eq 'ej') { 'JSON Lines file' } else { 'Parquet parts' }), $exportVerdicts[$name].recordsCompared, $exportVerdicts[$name].cellsCompared,
            $(if ($name -eq 'ep') { ', the parts read with Parquet.Net''s reader' } else { '' })))
    $lines.Add('')
}
if ($csvVerdict) {
    $lines.Add(('CSV check: the files of (b) and (c2) hold the same {0:N0} records (keys Space + ExternalId, {1:N0} cells in {2} columns compared after normalising formats: see `bench/README.md`).' -f
            $csvVerdict.recordsCompared, $csvVerdict.cellsCompared, $csvVerdict.columns))
}
else {
    $lines.Add('CSV check: not run (needs cases b and c2).')
}
$lines.Add('')
$lines.Add(('Data: stream `{0}`, source `{1}/{2}`: {3}.' -f $StreamId, $source.Space, $source.Container, (($source.Properties | ForEach-Object { "$($_.Name) ($($_.Type))" }) -join ', ')))
$lines.Add('')
$lines.Add('Machine:')
$lines.Add('')
foreach ($entry in (Get-MachineDescription).GetEnumerator()) { $lines.Add("- $($entry.Key): $($entry.Value)") }
$lines.Add('')
$lines.Add('The emulator runs on the same machine and its CPU time counts against the same cores; see `bench/README.md` for what each figure measures.')

$markdown = ($lines -join "`n") + "`n"
New-Item -ItemType Directory -Force (Split-Path $OutputPath -Parent) | Out-Null
Set-Content -Path $OutputPath -Value $markdown -Encoding utf8NoBOM -NoNewline
Write-Host ''
Write-Host $markdown
Write-Host "Written to $OutputPath" -ForegroundColor Cyan

#endregion
