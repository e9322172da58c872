#Requires -Version 7.4
# Dependency isolation (ARCHITECTURE.md): the module works beside other versions of its dependencies, loaded
# before or after it, each in a fresh pwsh (the same pwsh as this test); no engine type leaks into the cmdlet
# surface; an import loads nothing heavy; Remove-Module then Import-Module works. Windows PowerShell 5.1
# cannot run here: its fallback is covered by the net472 check build only (README, "Supported PowerShell").

BeforeAll {
    $script:module = if ($env:COGNITERECORDS_MODULE) { $env:COGNITERECORDS_MODULE } else { Join-Path $PSScriptRoot '../../out/CogniteRecords/CogniteRecords.psd1' }
    $module = (Resolve-Path $module).Path
    $emulatorModule = if ($env:COGNITERECORDS_EMULATOR_MODULE) { $env:COGNITERECORDS_EMULATOR_MODULE } else { Join-Path $PSScriptRoot '../../out/CogniteRecords.Emulator/CogniteRecords.Emulator.psd1' }
    Import-Module $emulatorModule -Force

    # The same PowerShell as this test: under `dotnet pwsh` the process is dotnet, with pwsh.dll as its first argument.
    $script:pwsh = @((Get-Process -Id $PID).Path)
    if ((Split-Path $pwsh[0] -Leaf) -match '^dotnet(\.exe)?$') { $script:pwsh += Join-Path $PSHOME 'pwsh.dll' }
    $script:moduleDir = Split-Path $module
    $script:libNames = @(Get-ChildItem (Join-Path $moduleDir 'lib') -Filter '*.dll' -ErrorAction SilentlyContinue | ForEach-Object BaseName)

    # Older copies of the engine's dependencies, as another module (Az.Accounts, Microsoft.Graph) brings them:
    # restored from NuGet by build/Tools.csproj, gathered in one folder like that module's own.
    $packages = if ($env:NUGET_PACKAGES) { $env:NUGET_PACKAGES } else { Join-Path ([Environment]::GetFolderPath('UserProfile')) '.nuget/packages' }
    $wanted = [ordered]@{
        'Microsoft.Identity.Client.dll'            = 'microsoft.identity.client/4.61.3/lib/net6.0'
        'Microsoft.IdentityModel.Abstractions.dll' = 'microsoft.identitymodel.abstractions/6.35.0/lib/net6.0'
        'System.Text.Json.dll'                     = 'system.text.json/8.0.5/lib/net8.0'
    }
    $newerStj = Join-Path $packages 'system.text.json/11.0.0/lib/netstandard2.0/System.Text.Json.dll'
    if (-not (Test-Path $newerStj) -or @($wanted.GetEnumerator() | Where-Object { -not (Test-Path (Join-Path $packages "$($_.Value)/$($_.Key)")) }).Count) {
        & dotnet restore (Join-Path $PSScriptRoot '../../build/Tools.csproj') --nologo -v quiet | Out-Null
    }
    $script:otherDir = Join-Path $TestDrive 'OtherModule'
    New-Item -ItemType Directory $otherDir | Out-Null
    foreach ($w in $wanted.GetEnumerator()) { Copy-Item (Join-Path $packages "$($w.Value)/$($w.Key)") $otherDir }
    # A System.Text.Json newer than this runtime's, for the load context's "newer than the runtime" branch.
    $script:newerStjDir = Join-Path $TestDrive 'NewerStj'
    New-Item -ItemType Directory $newerStjDir | Out-Null
    Copy-Item $newerStj $newerStjDir

    $script:emu = Start-CdfEmulator -SeedStream iso -SeedRecords 40 -SeedProperties 3
    $script:clientId = 'iso-' + [guid]::NewGuid().ToString('N')
    $script:clientSecret = 'iso-secret-' + [guid]::NewGuid().ToString('N')
    Register-CdfEmulatorClient -ClientId $clientId -ClientSecret $clientSecret -Project $emu.Project -Emulator $emu
    $script:tenant = 'b7a7d6a3-2f6e-4a55-9d8c-3f0e6c1d2a11'
    $script:scope = 'https://api.emulated.cognitedata.com/.default'

    # The children trust the emulator's HTTPS certificate through SSL_CERT_FILE (read by .NET at process start):
    # the system's CA bundle followed by the emulator's certificate. Never a product switch.
    $script:bundle = New-CdfEmulatorTrustBundle -Path (Join-Path $TestDrive 'trust.pem') -Emulator $emu

    # Runs a script in a fresh pwsh and returns the object it printed as 'RESULT {json}'; fails with its output otherwise.
    function script:Invoke-Child([string] $Script, [hashtable] $Arguments = @{}) {
        $file = Join-Path $TestDrive ("child-{0}.ps1" -f [guid]::NewGuid().ToString('N'))
        Set-Content -Path $file -Value $Script
        $argList = @($pwsh | Select-Object -Skip 1) + @('-NoProfile', '-NonInteractive', '-File', $file)
        foreach ($a in $Arguments.GetEnumerator()) { $argList += "-$($a.Key)"; $argList += [string]$a.Value }
        $previous = $env:SSL_CERT_FILE
        $env:SSL_CERT_FILE = $bundle
        try { $output = & $pwsh[0] @argList 2>&1 | ForEach-Object { "$_" } }
        finally { $env:SSL_CERT_FILE = $previous }
        $line = $output | Where-Object { $_ -like 'RESULT *' } | Select-Object -Last 1
        if ($LASTEXITCODE -ne 0 -or -not $line) { throw "The child pwsh failed (exit $LASTEXITCODE):`n$($output -join "`n")" }
        $line.Substring(7) | ConvertFrom-Json
    }

    # The child's script: loads the other module's assemblies (first or last), uses the older MSAL to get a
    # token from the emulator, imports this module, signs in and syncs, and reports what is loaded where.
    $script:sideBySide = @'
param($Module, $OtherDir, $Order, $Authority, $ClientId, $ClientSecret, $Scope, $Project, $BaseUrl, $Stream)
$ErrorActionPreference = 'Stop'
$result = [ordered]@{}
function Use-Other {
    # What another module does: LoadFrom its own MSAL and IdentityModel.Abstractions into the default context.
    $script:otherAbstractions = [Reflection.Assembly]::LoadFrom((Join-Path $OtherDir 'Microsoft.IdentityModel.Abstractions.dll'))
    $script:otherMsal = [Reflection.Assembly]::LoadFrom((Join-Path $OtherDir 'Microsoft.Identity.Client.dll'))
    # Its older System.Text.Json: LoadFrom into the default context gets the runtime's own (it cannot be
    # displaced there); a module that isolates its own copy (LoadFile: a context of its own) gets 8.0.
    $stjPath = Join-Path $OtherDir 'System.Text.Json.dll'
    $result.otherStjLoadFrom = [Reflection.Assembly]::LoadFrom($stjPath).GetName().Version.ToString()
    $script:otherStj = [Reflection.Assembly]::LoadFile($stjPath)
    $serializer = $otherStj.GetType('System.Text.Json.JsonSerializer')
    $serialize = $serializer.GetMethods() | Where-Object { $_.Name -eq 'Serialize' -and -not $_.IsGenericMethod -and $_.GetParameters().Count -eq 3 -and $_.GetParameters()[2].ParameterType.Name -eq 'JsonSerializerOptions' } | Select-Object -First 1
    $result.otherStjJson = $serialize.Invoke($null, @([object]@{ a = 1 }, [Collections.Hashtable], $null))
    # The older MSAL signs in against the emulator's identity provider (a real token, over HTTPS).
    $builder = $otherMsal.GetType('Microsoft.Identity.Client.ConfidentialClientApplicationBuilder', $true)
    $app = $builder::Create($ClientId).WithClientSecret($ClientSecret).WithAuthority($Authority).WithInstanceDiscovery($false).Build()
    $token = $app.AcquireTokenForClient([string[]]@($Scope)).ExecuteAsync().GetAwaiter().GetResult()
    $result.otherTokenLength = $token.AccessToken.Length
}
function Use-Module {
    Import-Module $Module
    $connect = @{ Project = $Project; BaseUrl = $BaseUrl }
    # Our own MSAL, in the engine's context, signs in with the client secret against the same identity provider.
    $root, $tenant = $Authority -split '/(?=[^/]+$)'
    $secret = ConvertTo-SecureString $ClientSecret -AsPlainText -Force
    $connection = Connect-CdfProject @connect -TenantId $tenant -Authority $root -ClientId $ClientId -ClientSecret $secret -PassThru
    $result.flow = $connection.Flow
    $result.records = @(Sync-CdfRecord -Stream $Stream -Source 'emulator/synthetic' -InitializeCursor '365d-ago').Count
}
if ($Order -eq 'OtherFirst') { Use-Other; Use-Module } else { Use-Module; Use-Other }

$alc = [System.Runtime.Loader.AssemblyLoadContext]
$result.loaded = @([AppDomain]::CurrentDomain.GetAssemblies() |
    Where-Object { $_.GetName().Name -in 'Microsoft.Identity.Client', 'Microsoft.IdentityModel.Abstractions', 'System.Text.Json', 'CogniteRecords.Core', 'Polly.Core' } |
    ForEach-Object { [ordered]@{ name = $_.GetName().Name; version = $_.GetName().Version.ToString(); context = $alc::GetLoadContext($_).Name } })
'RESULT ' + ($result | ConvertTo-Json -Depth 5 -Compress)
'@
}

AfterAll {
    if ($script:emu) { Stop-CdfEmulator $emu }
}

Describe 'The cmdlet surface holds no engine type' {
    BeforeAll {
        $script:imported = Import-Module $module -Force -PassThru
        # Every type a type is built from: element types of arrays, generic arguments (Nullable<T>, List<T>).
        function script:Expand-Type([type] $Type) {
            if ($null -eq $Type) { return }
            $Type
            if ($Type.HasElementType) { Expand-Type $Type.GetElementType() }
            if ($Type.IsGenericType) { foreach ($a in $Type.GetGenericArguments()) { Expand-Type $a } }
        }
        # The types of a public surface that come from the engine: by assembly (anything shipped in lib/) or
        # by load context (anything outside the default one).
        function script:Find-EngineType([type[]] $Types) {
            foreach ($t in $Types | ForEach-Object { Expand-Type $_ }) {
                $context = [System.Runtime.Loader.AssemblyLoadContext]::GetLoadContext($t.Assembly)
                if ($t.Assembly.GetName().Name -in $libNames -or $context -ne [System.Runtime.Loader.AssemblyLoadContext]::Default) { $t }
            }
        }
    }

    It 'finds an engine type when one is there (the check can fail)' {
        # Load the engine (a filter parse does), then point the check at one of its types.
        [CogniteRecords.RecordFilter]::Parse('{"equals":{"property":["space"],"value":"x"}}') | Out-Null
        $core = [AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { $_.GetName().Name -eq 'CogniteRecords.Core' } | Select-Object -First 1
        $core | Should -Not -BeNullOrEmpty
        $engineType = $core.GetType('CogniteRecords.Core.Filters.FilterNode', $true)
        @(Find-EngineType @($engineType)).Count | Should -Be 1
        @(Find-EngineType @([System.Collections.Generic.List`1].MakeGenericType($engineType))).Count | Should -BeGreaterThan 0
        @(Find-EngineType @([string], [CogniteRecords.CdfConnection])).Count | Should -Be 0
    }

    It 'no parameter, [OutputType] or public property of those types comes from the engine' {
        $cmdlets = @($imported.ExportedCmdlets.Values)
        $cmdlets.Count | Should -BeGreaterThan 5
        $surface = [System.Collections.Generic.List[object]]::new()
        foreach ($c in $cmdlets) {
            foreach ($p in $c.Parameters.Values) { $surface.Add([pscustomobject]@{ Where = "$($c.Name) -$($p.Name)"; Type = $p.ParameterType }) }
            foreach ($o in $c.OutputType) { if ($o.Type) { $surface.Add([pscustomobject]@{ Where = "$($c.Name) [OutputType]"; Type = $o.Type }) } }
        }
        # One level deep: the public properties of those types (CdfConnection, SyncState, RecordFilter, ...).
        foreach ($s in @($surface)) {
            foreach ($t in Expand-Type $s.Type) {
                if ($t.Assembly.GetName().Name -ne 'CogniteRecords') { continue }
                foreach ($prop in $t.GetProperties([Reflection.BindingFlags]'Public,Instance,Static')) {
                    $surface.Add([pscustomobject]@{ Where = "$($s.Where) .$($prop.Name)"; Type = $prop.PropertyType })
                }
            }
        }
        $leaks = foreach ($s in $surface) { foreach ($t in Find-EngineType @($s.Type)) { "$($s.Where): $($t.FullName) ($($t.Assembly.GetName().Name))" } }
        @($leaks) | Should -BeNullOrEmpty
        $surface.Count | Should -BeGreaterThan 20
    }

    It 'the cmdlet assembly references nothing in lib/ but the engine and in-box shims' {
        # A reference to System.Text.Json, MSAL or Polly from cmdlet code would bind to the default context's copy,
        # not the engine's: a different type, or none. Allowed: the netstandard-era 4.x shims (System.Memory,
        # System.Reflection.Emit, ...) that every supported runtime has in-box at a newer version.
        $platform = @{}
        foreach ($path in ([AppContext]::GetData('TRUSTED_PLATFORM_ASSEMBLIES') -split [IO.Path]::PathSeparator)) {
            if ($path -like '*.dll') { $platform[[IO.Path]::GetFileNameWithoutExtension($path)] = $path }
        }
        $refs = $imported.ImplementingAssembly.GetReferencedAssemblies().Name
        $refs | Should -Contain 'CogniteRecords.Core'
        $bad = foreach ($name in $refs | Where-Object { $_ -in $libNames -and $_ -ne 'CogniteRecords.Core' }) {
            $ours = [Reflection.AssemblyName]::GetAssemblyName((Join-Path $moduleDir "lib/$name.dll")).Version
            $inBox = if ($platform[$name]) { [Reflection.AssemblyName]::GetAssemblyName($platform[$name]).Version }
            if ($ours.Major -gt 4 -or -not $inBox -or $inBox -lt $ours) { "$name $ours (in-box: $inBox)" }
        }
        @($bad) | Should -BeNullOrEmpty
    }
}

Describe 'Import' {
    It 'loads no engine assembly, no MSAL and no Polly' {
        $r = Invoke-Child -Arguments @{ Module = $module } -Script @'
param($Module)
$ErrorActionPreference = 'Stop'
$before = @([AppDomain]::CurrentDomain.GetAssemblies().GetName().Name)
Import-Module $Module
$after = @([AppDomain]::CurrentDomain.GetAssemblies().GetName().Name)
'RESULT ' + (@{ new = @($after | Where-Object { $_ -notin $before }); commands = @(Get-Command -Module CogniteRecords).Count } | ConvertTo-Json -Compress)
'@
        $r.commands | Should -BeGreaterThan 5
        $r.new | Should -Contain 'CogniteRecords'
        # No System.Net.Http here: pwsh 7.6 loads it by itself around start-up, at a moment that varies, so it says
        # nothing of the module. The module's HttpClient is built only inside the engine, which must not load at all.
        foreach ($heavy in 'CogniteRecords.Core', 'Microsoft.Identity.Client', 'Microsoft.Identity.Client.Extensions.Msal', 'Polly.Core') {
            $r.new | Should -Not -Contain $heavy
        }
    }
}

Describe 'Beside other versions of its dependencies' {
    It 'works beside an older MSAL, IdentityModel and System.Text.Json (<Order>)' -ForEach @(@{ Order = 'OtherFirst' }, @{ Order = 'ModuleFirst' }) {
        $r = Invoke-Child -Script $sideBySide -Arguments @{
            Module = $module; OtherDir = $otherDir; Order = $Order
            Authority = "$($emu.HttpsUrl)/$tenant"; ClientId = $clientId; ClientSecret = $clientSecret; Scope = $scope
            Project = $emu.Project; BaseUrl = $emu.HttpUrl; Stream = 'iso'
        }
        $r.records | Should -Be 40
        $r.otherTokenLength | Should -BeGreaterThan 20
        $loaded = @($r.loaded)

        # Both MSALs side by side: the other module's in the default context, ours in the engine's.
        $msal = @($loaded | Where-Object name -EQ 'Microsoft.Identity.Client')
        ($msal | Where-Object { $_.version -eq '4.61.3.0' -and $_.context -eq 'Default' }) | Should -Not -BeNullOrEmpty
        ($loaded | Where-Object { $_.name -eq 'Microsoft.IdentityModel.Abstractions' -and $_.version -like '6.35.*' -and $_.context -eq 'Default' }) | Should -Not -BeNullOrEmpty
        ($loaded | Where-Object { $_.name -eq 'CogniteRecords.Core' -and $_.context -eq 'CogniteRecords.Engine' }) | Should -Not -BeNullOrEmpty
        ($loaded | Where-Object { $_.name -eq 'Polly.Core' -and $_.context -eq 'CogniteRecords.Engine' }) | Should -Not -BeNullOrEmpty
        $ours = $msal | Where-Object context -EQ 'CogniteRecords.Engine'
        $ours | Should -Not -BeNullOrEmpty
        [version]$ours.version | Should -BeGreaterThan ([version]'4.61.3.0')
        ($loaded | Where-Object { $_.name -eq 'Microsoft.IdentityModel.Abstractions' -and $_.context -eq 'CogniteRecords.Engine' }) | Should -Not -BeNullOrEmpty
        $r.flow | Should -Be 'ClientSecret'


        # System.Text.Json: the runtime's copy (10.0 here) cannot be displaced in the default context, so an
        # older one given to LoadFrom comes back as the runtime's; the engine shares it. The other module's
        # isolated 8.0 copy works beside it.
        $r.otherStjLoadFrom | Should -BeLike '10.*'
        $r.otherStjJson | Should -Be '{"a":1}'
        $stj = @($loaded | Where-Object name -EQ 'System.Text.Json')
        ($stj | Where-Object { $_.version -eq '8.0.0.0' }) | Should -Not -BeNullOrEmpty
        ($stj | Where-Object { $_.version -like '10.*' -and $_.context -eq 'Default' }) | Should -Not -BeNullOrEmpty
    }
}

Describe 'The engine load context' {
    It 'takes an assembly from the runtime when the runtime''s is as new, and loads its own when newer' {
        $r = Invoke-Child -Arguments @{ Loader = (Join-Path $moduleDir 'CogniteRecords.Loader.dll'); Older = $otherDir; Newer = $newerStjDir } -Script @'
param($Loader, $Older, $Newer)
$ErrorActionPreference = 'Stop'
$type = [Reflection.Assembly]::LoadFrom($Loader).GetType('CogniteRecords.Loader.EngineLoadContext', $true)
$alc = [System.Runtime.Loader.AssemblyLoadContext]
$name = [Reflection.AssemblyName]'System.Text.Json'
$fromOlder = $type::new($Older).LoadFromAssemblyName($name)
$fromNewer = $type::new($Newer).LoadFromAssemblyName($name)
$msal = $type::new($Older).LoadFromAssemblyName([Reflection.AssemblyName]'Microsoft.Identity.Client')
'RESULT ' + (@{
    olderVersion = $fromOlder.GetName().Version.ToString(); olderContext = $alc::GetLoadContext($fromOlder).Name
    newerVersion = $fromNewer.GetName().Version.ToString(); newerContext = $alc::GetLoadContext($fromNewer).Name
    msalVersion = $msal.GetName().Version.ToString(); msalContext = $alc::GetLoadContext($msal).Name
    runtime = [Environment]::Version.Major
} | ConvertTo-Json -Compress)
'@
        # An older System.Text.Json in the folder: the runtime's own is used.
        $r.olderContext | Should -Be 'Default'
        ([version]$r.olderVersion).Major | Should -Be $r.runtime
        # A newer one (11.0 on this runtime): loaded privately, as System.Text.Json 10 is on PowerShell 7.4/7.5.
        ([version]$r.newerVersion).Major | Should -BeGreaterThan $r.runtime
        $r.newerContext | Should -Be 'CogniteRecords.Engine'
        # Not the runtime's at all: always private.
        $r.msalVersion | Should -Be '4.61.3.0'
        $r.msalContext | Should -Be 'CogniteRecords.Engine'
    }
}

Describe 'The precompiled engine' {
    It 'loads the engine precompiled for this platform and runtime from lib/<rid>/<tfm>, and the portable one when told to' {
        $script = @'
param($Module, $Project, $BaseUrl, $Token)
$ErrorActionPreference = 'Stop'
Import-Module $Module
Connect-CdfProject -Project $Project -BaseUrl $BaseUrl -AccessToken $Token
$records = @(Sync-CdfRecord -Stream iso -Source 'emulator/synthetic' -InitializeCursor '365d-ago').Count
$loaded = @([AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { $_.GetName().Name -in 'CogniteRecords.Core', 'Polly.Core' } |
    ForEach-Object { [ordered]@{ name = $_.GetName().Name; location = $_.Location; context = [System.Runtime.Loader.AssemblyLoadContext]::GetLoadContext($_).Name } })
$loader = [AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { $_.GetName().Name -eq 'CogniteRecords.Loader' }
$type = $loader.GetType('CogniteRecords.Loader.EngineLoader', $true)
'RESULT ' + (@{ records = $records; loaded = $loaded; platform = $type::PlatformFolderName(); runtime = $type::RuntimeFolderName() } | ConvertTo-Json -Depth 4 -Compress)
'@
        $arguments = @{ Module = $module; Project = $emu.Project; BaseUrl = $emu.HttpUrl; Token = $emu.Token }
        $r = Invoke-Child -Script $script -Arguments $arguments
        $r.records | Should -Be 40
        $precompiled = Join-Path $moduleDir "lib/$($r.platform)/$($r.runtime)"
        # The default build precompiles for the platform it runs on.
        Test-Path (Join-Path $precompiled 'CogniteRecords.Core.dll') | Should -BeTrue
        foreach ($name in 'CogniteRecords.Core', 'Polly.Core') {
            $a = @($r.loaded | Where-Object name -EQ $name)
            $a.Count | Should -Be 1
            Split-Path $a[0].location | Should -Be $precompiled
            $a[0].context | Should -Be 'CogniteRecords.Engine'
        }
        # ReadyToRun code in it (a managed native header), as the build published it.
        $stream = [IO.File]::OpenRead((Join-Path $precompiled 'CogniteRecords.Core.dll'))
        try { [Reflection.PortableExecutable.PEReader]::new($stream).PEHeaders.CorHeader.ManagedNativeHeaderDirectory.Size | Should -BeGreaterThan 0 }
        finally { $stream.Dispose() }

        # COGNITERECORDS_PORTABLE_ENGINE=1: the portable engine from lib/, the same records.
        $env:COGNITERECORDS_PORTABLE_ENGINE = '1'
        try { $p = Invoke-Child -Script $script -Arguments $arguments }
        finally { Remove-Item Env:COGNITERECORDS_PORTABLE_ENGINE }
        $p.records | Should -Be 40
        Split-Path (@($p.loaded | Where-Object name -EQ 'CogniteRecords.Core')[0].location) | Should -Be (Join-Path $moduleDir 'lib')
    }
}

Describe 'Remove-Module and Import-Module again' {
    It 'works in the same session and in other runspaces, and syncs' {
        $r = Invoke-Child -Arguments @{ Module = $module; Project = $emu.Project; BaseUrl = $emu.HttpUrl; Token = $emu.Token; AdminUrl = $emu.HttpUrl } -Script @'
param($Module, $Project, $BaseUrl, $Token, $AdminUrl)
$ErrorActionPreference = 'Stop'
$result = [ordered]@{}
Import-Module $Module
Connect-CdfProject -Project $Project -BaseUrl $BaseUrl -AccessToken $Token
$result.first = @(Sync-CdfRecord -Stream iso -Source 'emulator/synthetic' -InitializeCursor '365d-ago').Count
Remove-Module CogniteRecords
$result.removed = @(Get-Command Sync-CdfRecord -ErrorAction SilentlyContinue).Count
Import-Module $Module
# A fresh stream, so the second sync reads records the first never saw.
$stream = 'iso-again-' + [guid]::NewGuid().ToString('N').Substring(0, 8)
Invoke-RestMethod -Method Post "$AdminUrl/_emulator/seed" -ContentType 'application/json' -Body (@{ project = $Project; stream = $stream; records = 25; properties = 2 } | ConvertTo-Json) | Out-Null
Connect-CdfProject -Project $Project -BaseUrl $BaseUrl -AccessToken $Token
$result.second = @(Sync-CdfRecord -Stream $stream -Source 'emulator/synthetic' -InitializeCursor '365d-ago').Count
# Other runspaces import it too (each import runs the initializer again) and use the same engine.
$result.parallel = @(1..2 | ForEach-Object -ThrottleLimit 2 -Parallel {
    Import-Module $using:Module
    Connect-CdfProject -Project $using:Project -BaseUrl $using:BaseUrl -AccessToken $using:Token
    @(Sync-CdfRecord -Stream $using:stream -Source 'emulator/synthetic' -InitializeCursor '365d-ago').Count
})
$result.cores = @([AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { $_.GetName().Name -eq 'CogniteRecords.Core' }).Count
'RESULT ' + ($result | ConvertTo-Json -Compress)
'@
        $r.first | Should -Be 40
        $r.removed | Should -Be 0
        $r.second | Should -Be 25
        $r.parallel | Should -Be @(25, 25)
        # The same engine serves the second import.
        $r.cores | Should -Be 1
    }
}
