<#
.SYNOPSIS
    Builds, documents, tests, demonstrates and benchmarks the CogniteRecords module.

.DESCRIPTION
    Run it through the PowerShell local tool: `dotnet tool restore`, then
    `dotnet pwsh ./build.ps1 <Task>`.

    Tasks:
      Build   compile the solution and lay out the module in out/CogniteRecords with its help
              (and the emulator with its helper module in out/CogniteRecords.Emulator)
      Docs    turn docs/en-US/*.md (platyPS markdown) into the module's MAML help
      Test    Build, Docs, the net472 check build, then every xUnit and Pester test, and the runbook and
              soak tests again with the emulator's reads lagging its writes by a second; ends with
              'Tests: N passed, N failed' and exits non-zero on any failure
      Unit    only the xUnit tests;   Pester  only the Pester tests (both runs without -PesterPath)
      Demo    the main job: a demo sync against a freshly started, seeded emulator
      Bench   the benchmark under bench/
      Clean   remove out/ and every bin/obj folder

.PARAMETER TestSize
    Small (the default, what CI runs) or Large: the soak and crash tests read it
    (as $env:CDF_TEST_SIZE) to choose how much data and how many rounds they use.

.PARAMETER PrecompilePlatforms
    The runtime identifiers the engine is published ReadyToRun for (lib/<rid>/net8.0 and lib/<rid>/net10.0). 'host'
    (the default of Build, Pester, Demo, Bench): the platform the build runs on. 'all' (the default of Test): linux-x64,
    win-x64, osx-arm64 and linux-arm64, each where its runtime pack can be had here (the others are left out with a
    warning). 'none': none (PowerShell 7 then runs the portable engine). Or a list of runtime identifiers.

.PARAMETER PesterPath
    Run only these Pester test files or folders (default: tests/Pester).
#>
[CmdletBinding()]
param(
    [Parameter(Position = 0)]
    [ValidateSet('Build', 'Docs', 'Test', 'Unit', 'Pester', 'Demo', 'Bench', 'Clean')]
    [string[]] $Task = 'Build',

    [ValidateSet('Debug', 'Release')]
    [string] $Configuration = 'Release',

    [ValidateSet('Small', 'Large')]
    [string] $TestSize = 'Small',

    [string[]] $PesterPath,

    # The platforms the engine is precompiled (ReadyToRun) for, each for net8.0 and net10.0: 'host', 'all', 'none' or RIDs.
    [string[]] $PrecompilePlatforms = @('host'),

    # Extra arguments for the Bench task (bench/Invoke-Benchmark.ps1).
    [hashtable] $BenchArgs = @{}
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 3.0
$env:DOTNET_CLI_TELEMETRY_OPTOUT = '1'
$env:DOTNET_NOLOGO = '1'
$env:DOTNET_SKIP_FIRST_TIME_EXPERIENCE = '1'
# No start-up telemetry or update check from the pwsh processes the tests start: these machines reach no such service.
$env:POWERSHELL_TELEMETRY_OPTOUT = '1'
$env:POWERSHELL_UPDATECHECK = 'Off'

$Root = $PSScriptRoot
$Out = Join-Path $Root 'out'
$ModuleOut = Join-Path $Out 'CogniteRecords'
$EmulatorOut = Join-Path $Out 'CogniteRecords.Emulator'
$TestResults = Join-Path $Out 'TestResults'

function Invoke-Native {
    # Runs a native command and fails the build when it fails.
    param([Parameter(Mandatory)][string] $FilePath, [string[]] $ArgumentList = @())
    & $FilePath @ArgumentList
    if ($LASTEXITCODE -ne 0) { throw "'$FilePath $($ArgumentList -join ' ')' failed with exit code $LASTEXITCODE." }
}

function Get-ModuleVersion {
    $props = [xml](Get-Content -Raw (Join-Path $Root 'Directory.Build.props'))
    foreach ($group in $props.Project.PropertyGroup) {
        if ($group.PSObject.Properties['ModuleVersion']) { return [string]$group.ModuleVersion }
    }
    throw 'ModuleVersion is missing from Directory.Build.props.'
}

function Invoke-BuildTask {
    # -ModuleOnly (the Demo) builds just the module and the emulator, not the tests and the benchmark.
    param([switch] $ModuleOnly)
    Write-Host "== Build ($Configuration)" -ForegroundColor Cyan
    if ($ModuleOnly) {
        # One build of every project under src/ (module, loader, engine, emulator), through a solution filter.
        $sln = Join-Path $Root 'CogniteRecords.sln'
        $projects = @(Select-String -LiteralPath $sln -Pattern '"(src\\[^"]+\.csproj)"' | ForEach-Object { $_.Matches[0].Groups[1].Value })
        New-Item -ItemType Directory -Force $Out | Out-Null
        $filter = Join-Path $Out 'module.slnf'
        @{ solution = @{ path = '../CogniteRecords.sln'; projects = $projects } } | ConvertTo-Json -Depth 5 | Set-Content -LiteralPath $filter
        Invoke-Native dotnet @('build', $filter, '-c', $Configuration, '--nologo', '-v', 'minimal', '-clp:ErrorsOnly')
    }
    else {
        Invoke-Native dotnet @('build', (Join-Path $Root 'CogniteRecords.sln'), '-c', $Configuration, '--nologo', '-v', 'minimal', '-clp:ErrorsOnly')
    }

    # The module (see ARCHITECTURE.md): the cmdlet assembly and the loader at the top, in PowerShell's default
    # load context; the engine (CogniteRecords.Core) and its dependencies in lib/, where no default probing
    # finds them: the loader's private AssemblyLoadContext (PowerShell 7) or an AssemblyResolve handler
    # (Windows PowerShell 5.1) serves them from there.
    $publish = Join-Path $Out "publish/CogniteRecords"
    if (Test-Path $publish) { Remove-Item -Recurse -Force $publish }
    Invoke-Native dotnet @('publish', (Join-Path $Root 'src/CogniteRecords/CogniteRecords.csproj'), '-c', $Configuration, '-o', $publish, '--no-build', '--nologo', '-v', 'quiet', '-clp:ErrorsOnly')
    if (Test-Path $ModuleOut) { Remove-Item -Recurse -Force $ModuleOut }
    $lib = Join-Path $ModuleOut 'lib'
    New-Item -ItemType Directory -Force $lib | Out-Null
    $cmdletFiles = 'CogniteRecords.dll', 'CogniteRecords.pdb', 'CogniteRecords.xml'
    Get-ChildItem $publish -File | Where-Object { $_.Name -in $cmdletFiles } | Copy-Item -Destination $ModuleOut
    Get-ChildItem $publish -File | Where-Object { $_.Extension -eq '.dll' -or $_.Name -eq 'CogniteRecords.Core.pdb' } |
        Where-Object { $_.Name -notin $cmdletFiles } | Copy-Item -Destination $lib
    $unexpected = @(Get-ChildItem $publish -Directory)
    if ($unexpected) { throw "The publish output has folders the layout does not place: $($unexpected.Name -join ', ')." }
    # Export-CdfRecord's Parquet writer (net8.0, Parquet.Net and its compression libraries) joins the engine in lib/;
    # the engine loads it by name only when Parquet is asked for. Files the engine already placed there stay as they are.
    $parquetPublish = Join-Path $Out 'publish/CogniteRecords.Parquet'
    if (Test-Path $parquetPublish) { Remove-Item -Recurse -Force $parquetPublish }
    Invoke-Native dotnet @('publish', (Join-Path $Root 'src/CogniteRecords.Parquet/CogniteRecords.Parquet.csproj'), '-c', $Configuration, '-o', $parquetPublish, '--no-build', '--nologo', '-v', 'quiet', '-clp:ErrorsOnly')
    Get-ChildItem $parquetPublish -File -Filter '*.dll' | Where-Object { -not (Test-Path (Join-Path $lib $_.Name)) } | Copy-Item -Destination $lib
    # The engine precompiled for PowerShell 7 (see ARCHITECTURE.md): built for net8.0 (PowerShell 7.4/7.5) and net10.0
    # (7.6+) and published ReadyToRun per platform into lib/<rid>/<tfm>, where the loader looks first. ReadyToRun code
    # is used only by the runtime major it was compiled for, hence both. Platforms whose runtime pack cannot be had here
    # are left out (a warning): PowerShell there runs the portable engine in lib/.
    foreach ($rid in (Resolve-PrecompilePlatform)) {
        foreach ($tfm in 'net8.0', 'net10.0') {
            $target = Join-Path $lib "$rid/$tfm"
            $enginePublish = Join-Path $Out "publish/engine-$rid-$tfm"
            if (Test-Path $enginePublish) { Remove-Item -Recurse -Force $enginePublish }
            $output = & dotnet publish (Join-Path $Root 'src/CogniteRecords.Core/CogniteRecords.Core.csproj') -c $Configuration -f $tfm -r $rid `
                --self-contained false -p:PublishReadyToRun=true -o $enginePublish --nologo -v quiet -clp:ErrorsOnly 2>&1
            if ($LASTEXITCODE -ne 0) {
                Write-Warning "No precompiled engine for $rid/$tfm (its runtime pack or crossgen cannot be had here?): $(@($output | Select-Object -First 3) -join ' ')"
                continue
            }
            New-Item -ItemType Directory -Force $target | Out-Null
            Get-ChildItem $enginePublish -File | Where-Object { $_.Extension -eq '.dll' -or $_.Name -eq 'CogniteRecords.Core.pdb' } | Copy-Item -Destination $target
            Write-Host "Engine precompiled for $rid/$tfm"
        }
    }
    $loaderBin = Join-Path $Root "src/CogniteRecords.Loader/bin/$Configuration/net8.0"
    Copy-Item (Join-Path $loaderBin 'CogniteRecords.Loader.dll'), (Join-Path $loaderBin 'CogniteRecords.Loader.pdb') -Destination $ModuleOut
    Get-ChildItem (Join-Path $Root 'src/CogniteRecords') -File -Include '*.ps1xml' -Recurse |
        Where-Object { $_.FullName -notmatch '[\\/](bin|obj)[\\/]' } |
        Copy-Item -Destination $ModuleOut
    $manifest = Get-Content -Raw (Join-Path $Root 'CogniteRecords.psd1')
    $manifest = $manifest -replace "ModuleVersion\s*=\s*'[^']*'", "ModuleVersion = '$(Get-ModuleVersion)'"
    Set-Content -Path (Join-Path $ModuleOut 'CogniteRecords.psd1') -Value $manifest -Encoding utf8NoBOM

    # The emulator and its helper module (Start-CdfEmulator, ...), for our tests and users' runbook tests.
    $emulatorProject = Join-Path $Root 'src/CogniteRecords.Emulator/CogniteRecords.Emulator.csproj'
    if (Test-Path $EmulatorOut) { Remove-Item -Recurse -Force $EmulatorOut }
    Invoke-Native dotnet @('publish', $emulatorProject, '-c', $Configuration, '-o', (Join-Path $EmulatorOut 'bin'), '--no-build', '--nologo', '-v', 'quiet', '-clp:ErrorsOnly')
    $helper = Join-Path $Root 'src/CogniteRecords.Emulator/Module'
    if (Test-Path $helper) { Copy-Item -Path (Join-Path $helper '*') -Destination $EmulatorOut -Recurse -Force }
    Write-Host "Module laid out in $ModuleOut"
    # The help too: a module laid out without it shows bare syntax for Get-Help and has no about_ topic.
    Invoke-DocsTask
}

function Resolve-PrecompilePlatform {
    # 'host' -> this machine's runtime identifier; 'all' -> the four the module ships for; 'none' -> nothing.
    $all = 'linux-x64', 'win-x64', 'osx-arm64', 'linux-arm64'
    $list = foreach ($p in $PrecompilePlatforms | ForEach-Object { $_ -split ',' } | Where-Object { $_ }) {
        switch ($p) {
            'none' { }
            'all' { $all }
            'host' {
                $os = if ($IsWindows) { 'win' } elseif ($IsMacOS) { 'osx' } else { 'linux' }
                "$os-$([System.Runtime.InteropServices.RuntimeInformation]::OSArchitecture.ToString().ToLowerInvariant())"
            }
            default { $p }
        }
    }
    @($list | Select-Object -Unique)
}

function Invoke-DocsTask {
    Write-Host '== Docs' -ForegroundColor Cyan
    $converter = Join-Path $Root 'build/ConvertTo-MamlHelp.ps1'
    if (-not (Test-Path $converter)) { Write-Warning 'build/ConvertTo-MamlHelp.ps1 is missing: no MAML help built.'; return }
    $helpOut = Join-Path $ModuleOut 'en-US'
    New-Item -ItemType Directory -Force $helpOut | Out-Null
    # Get-Help -Online opens the page in the repository: the manifest's ProjectUri, then the docs folder.
    $manifest = Import-PowerShellDataFile (Join-Path $Root 'CogniteRecords.psd1')
    $project = [string]$manifest.PrivateData.PSData.ProjectUri
    $online = if ($project) { $project.TrimEnd('/') + '/blob/main/docs/en-US/' } else { '' }
    & $converter -DocsPath (Join-Path $Root 'docs/en-US') -OutputPath $helpOut -OnlineBaseUri $online
}

function Get-PesterModulePath {
    $packages = if ($env:NUGET_PACKAGES) { $env:NUGET_PACKAGES } else { Join-Path ([Environment]::GetFolderPath('UserProfile')) '.nuget/packages' }
    $path = Join-Path $packages 'pester/6.2.0/tools/Pester.psd1'
    if (-not (Test-Path $path)) {
        Invoke-Native dotnet @('restore', (Join-Path $Root 'build/Tools.csproj'), '--nologo', '-v', 'quiet')
    }
    if (-not (Test-Path $path)) { throw "Pester 6.2.0 was not restored to $path." }
    $path
}

function Get-PwshCommand {
    # The command line that starts this same PowerShell: under `dotnet pwsh` the process is dotnet running pwsh.dll.
    $self = [Environment]::ProcessPath
    if ([IO.Path]::GetFileNameWithoutExtension($self) -eq 'dotnet') { return @($self, (Join-Path $PSHOME 'pwsh.dll')) }
    @($self)
}

function Invoke-NetFrameworkCheckTask {
    # Windows PowerShell 5.1 runs on .NET Framework, which Linux cannot run: compile the engine and the cmdlets
    # against net472 as well (Directory.Build.props, CheckNetFramework), so that an API missing there fails here.
    # Counted as one test.
    Write-Host '== .NET Framework check build (net472)' -ForegroundColor Cyan
    & dotnet build (Join-Path $Root 'src/CogniteRecords/CogniteRecords.csproj') -c $Configuration -p:CheckNetFramework=true --nologo -v minimal -clp:ErrorsOnly | Out-Host
    if ($LASTEXITCODE -eq 0) { return [pscustomobject]@{ Passed = 1; Failed = 0; Skipped = 0 } }
    Write-Warning 'The net472 check build failed: an API used by the engine or the cmdlets is missing on .NET Framework.'
    [pscustomobject]@{ Passed = 0; Failed = 1; Skipped = 0 }
}

function Invoke-UnitTask {
    # Every xUnit project, counted from the TRX files dotnet test writes.
    Write-Host '== xUnit' -ForegroundColor Cyan
    $dir = Join-Path $TestResults 'xunit'
    if (Test-Path $dir) { Remove-Item -Recurse -Force $dir }
    # Out-Host: the runner's lines are for the reader, not this function's output.
    & dotnet test (Join-Path $Root 'CogniteRecords.sln') -c $Configuration --no-build --nologo `
        --logger 'trx' --logger 'console;verbosity=minimal' --results-directory $dir | Out-Host
    $exit = $LASTEXITCODE
    $counts = [ordered]@{ Passed = 0; Failed = 0; Skipped = 0 }
    $files = @(Get-ChildItem $dir -Filter '*.trx' -Recurse -ErrorAction SilentlyContinue)
    foreach ($file in $files) {
        # -LiteralPath: two projects finishing in the same second give a second file named '...[1].trx'.
        $trx = [xml](Get-Content -Raw -LiteralPath $file.FullName)
        $c = $trx.TestRun.ResultSummary.Counters
        $counts.Passed += [int]$c.passed
        $counts.Failed += [int]$c.failed + [int]$c.error + [int]$c.timeout + [int]$c.aborted
        $counts.Skipped += [int]$c.notExecuted
    }
    if ($exit -ne 0 -and $counts.Failed -eq 0) {
        # dotnet test failed without a failed test (a crash, a build error): count it as a failure.
        Write-Warning "dotnet test exited with $exit without a failed test in $($files.Count) result file(s)."
        $counts.Failed += 1
    }
    [pscustomobject]$counts
}

# The second Pester run, with the emulator's reads lagging its writes by a second as on CDF (issue 16): the runbook,
# write and soak tests must pass when what was written is not readable at once (the write tests wait for what they
# read back, as a test against CDF must).
$DelayedPesterPaths = @('tests/Pester/SyncCdfRecord.Runbook.Tests.ps1', 'tests/Pester/SyncCdfRecord.Soak.Tests.ps1',
    'tests/Pester/Runbook.AfterAWeekend.Tests.ps1', 'tests/Pester/RecordWrite.Emulator.Tests.ps1') | ForEach-Object { Join-Path $Root $_ }

function Invoke-PesterTask {
    param([string[]] $Paths, [string] $Name = 'pester', [hashtable] $Environment = @{})
    Write-Host "== Pester$(if ($Name -ne 'pester') { " ($Name)" })" -ForegroundColor Cyan
    $pester = Get-PesterModulePath
    $paths = if ($Paths) { $Paths } elseif ($PesterPath) { @($PesterPath | ForEach-Object { $_ -split ',' } | Where-Object { $_ }) } else { @(Join-Path $Root 'tests/Pester') }
    $summary = Join-Path $TestResults "$Name-summary.json"
    New-Item -ItemType Directory -Force $TestResults | Out-Null
    if (Test-Path $summary) { Remove-Item $summary }
    # A child process, so the module under test loads into a clean session.
    $script = @'
param($Pester, $Summary, $Results)
$ErrorActionPreference = 'Stop'
# The paths come through the environment: a list does not survive a native command line whole.
$Paths = @($env:COGNITERECORDS_PESTER_PATHS -split [regex]::Escape([IO.Path]::PathSeparator) | Where-Object { $_ })
# Plain text everywhere, also in the pwsh processes tests start: escape codes in a failure message cannot go into XML.
$env:NO_COLOR = '1'
if ($PSStyle) { $PSStyle.OutputRendering = 'PlainText' }
Import-Module $Pester -MinimumVersion 6.0
$config = New-PesterConfiguration
$config.Run.Path = $Paths
$config.Run.PassThru = $true
$config.Output.Verbosity = 'Normal'
$config.TestResult.Enabled = $true
$config.TestResult.OutputFormat = 'NUnitXml'
$config.TestResult.OutputPath = $Results
$r = Invoke-Pester -Configuration $config
if ($null -eq $r -or $null -eq $r.PassedCount) {
    # No result object (Pester itself failed): count it as a failure, never as nothing.
    [pscustomobject]@{ Passed = 0; Failed = 1; Skipped = 0 } | ConvertTo-Json | Set-Content -Path $Summary
    return
}
[pscustomobject]@{ Passed = $r.PassedCount; Failed = $r.FailedCount + $r.FailedBlocksCount + $r.FailedContainersCount; Skipped = $r.SkippedCount + $r.NotRunCount } |
    ConvertTo-Json | Set-Content -Path $Summary
'@
    $scriptPath = Join-Path $TestResults 'run-pester.ps1'
    Set-Content -Path $scriptPath -Value $script
    $env:CDF_TEST_SIZE = $TestSize
    $env:COGNITERECORDS_MODULE = Join-Path $ModuleOut 'CogniteRecords.psd1'
    $env:COGNITERECORDS_EMULATOR_MODULE = Join-Path $EmulatorOut 'CogniteRecords.Emulator.psd1'
    $env:COGNITERECORDS_PESTER_PATHS = @($paths | ForEach-Object { (Resolve-Path $_).Path }) -join [IO.Path]::PathSeparator
    $pwsh = Get-PwshCommand
    $saved = @{}
    foreach ($k in $Environment.Keys) { $saved[$k] = [Environment]::GetEnvironmentVariable($k); [Environment]::SetEnvironmentVariable($k, $Environment[$k]) }
    try {
        # Out-Host: Pester's lines are for the reader; only the counts are this function's output.
        & $pwsh[0] @($pwsh | Select-Object -Skip 1) -NoProfile -NonInteractive -File $scriptPath -Pester $pester -Summary $summary -Results (Join-Path $TestResults "$Name.xml") | Out-Host
    }
    finally { foreach ($k in $saved.Keys) { [Environment]::SetEnvironmentVariable($k, $saved[$k]) } }
    if (-not (Test-Path $summary)) {
        Write-Warning 'Pester ended without a summary.'
        return [pscustomobject]@{ Passed = 0; Failed = 1; Skipped = 0 }
    }
    $counts = Get-Content -Raw $summary | ConvertFrom-Json
    if ($null -eq $counts.Passed -or $null -eq $counts.Failed) {
        Write-Warning 'Pester gave no counts: counted as a failure.'
        return [pscustomobject]@{ Passed = 0; Failed = 1; Skipped = 0 }
    }
    $counts
}

function Write-TestTotal {
    param([object[]] $Parts)
    # Each part must be one count object: a stray line of output in a part would hide its counts.
    foreach ($part in $Parts) {
        if ($null -eq $part -or $null -eq $part.PSObject.Properties['Passed']) { throw "A test step returned no counts: $part" }
    }
    $passed = ($Parts | Measure-Object -Property Passed -Sum).Sum
    $failed = ($Parts | Measure-Object -Property Failed -Sum).Sum
    $skipped = ($Parts | Measure-Object -Property Skipped -Sum).Sum
    $line = "Tests: $passed passed, $failed failed"
    if ($skipped -gt 0) { $line += ", $skipped skipped" }
    # The last line of the run: CI reads it.
    Write-Host $line
    if ($failed -gt 0 -or $passed -eq 0) { exit 1 }
}

foreach ($t in $Task) {
    switch ($t) {
        'Clean' {
            Remove-Item -Recurse -Force -ErrorAction SilentlyContinue $Out
            Get-ChildItem $Root -Directory -Recurse -Include 'bin', 'obj' | Remove-Item -Recurse -Force -ErrorAction SilentlyContinue
        }
        'Build' { Invoke-BuildTask }
        'Docs' { Invoke-DocsTask }
        'Unit' { Invoke-BuildTask; Write-TestTotal @(Invoke-UnitTask) }
        'Pester' {
            Invoke-BuildTask
            $parts = @(Invoke-PesterTask)
            if (-not $PesterPath) { $parts += Invoke-PesterTask -Paths $DelayedPesterPaths -Name 'pester-delayed' -Environment @{ CDF_EMULATOR_VISIBILITY_DELAY = '1' } }
            Write-TestTotal $parts
        }
        'Test' {
            # The module as it ships: the engine precompiled for every platform the build can produce here.
            if (-not $PSBoundParameters.ContainsKey('PrecompilePlatforms')) { $PrecompilePlatforms = @('all') }
            Invoke-BuildTask
            $netfx = Invoke-NetFrameworkCheckTask
            $unit = Invoke-UnitTask
            $pester = Invoke-PesterTask
            $delayed = Invoke-PesterTask -Paths $DelayedPesterPaths -Name 'pester-delayed' -Environment @{ CDF_EMULATOR_VISIBILITY_DELAY = '1' }
            Write-TestTotal @($netfx, $unit, $pester, $delayed)
        }
        'Demo' {
            Invoke-BuildTask -ModuleOnly
            & (Join-Path $Root 'build/Invoke-Demo.ps1') -ModulePath (Join-Path $ModuleOut 'CogniteRecords.psd1') -EmulatorModulePath (Join-Path $EmulatorOut 'CogniteRecords.Emulator.psd1')
        }
        'Bench' {
            # Without -BenchArgs the full run the issue's table needs: every case, 5 runs each, the 1,000,000-record
            # run and the precompiled-PowerShell comparison, into bench/results/latest.md.
            $arguments = if ($BenchArgs.Count) { $BenchArgs } else { @{ Large = $true; PrecompiledPowerShell = $true } }
            & (Join-Path $Root 'bench/Invoke-Benchmark.ps1') @arguments
        }
    }
}
