# Shared by the module's Pester files (dot-sourced in BeforeAll): imports, and API calls that set up test data.
Set-StrictMode -Version 3.0

function Import-TestModules {
    # -PassThru: the full path of the module under test, for child processes that import it themselves.
    param([switch] $PassThru)
    $module = if ($env:COGNITERECORDS_MODULE) { $env:COGNITERECORDS_MODULE } else { Join-Path $PSScriptRoot '../../out/CogniteRecords/CogniteRecords.psd1' }
    $emulator = if ($env:COGNITERECORDS_EMULATOR_MODULE) { $env:COGNITERECORDS_EMULATOR_MODULE } else { Join-Path $PSScriptRoot '../../out/CogniteRecords.Emulator/CogniteRecords.Emulator.psd1' }
    $module = (Resolve-Path $module).Path
    Import-Module $module -Force
    Import-Module $emulator -Force
    if ($PassThru) { $module }
}

function Invoke-TestApi {
    # A call to the emulator's API with its fixed token, for setting up data (not through the module under test).
    param([Parameter(Mandatory)] $Emulator, [string] $Method = 'POST', [Parameter(Mandatory)] [string] $Path, $Body)
    $params = @{ Method = $Method; Uri = "$($Emulator.ProjectUrl)/$Path"; Headers = @{ Authorization = "Bearer $($Emulator.Token)" }; ContentType = 'application/json' }
    if ($null -ne $Body) { $params.Body = if ($Body -is [string]) { $Body } else { $Body | ConvertTo-Json -Depth 20 -Compress } }
    Invoke-RestMethod @params
}

function New-TestContainer {
    # Properties as name = 'type' or 'type[]' (a list).
    param([Parameter(Mandatory)] $Emulator, [Parameter(Mandatory)] [string] $Space, [Parameter(Mandatory)] [string] $Container,
        [Parameter(Mandatory)] [System.Collections.Specialized.OrderedDictionary] $Properties)
    Invoke-TestApi $Emulator -Path 'models/spaces' -Body @{ items = @(@{ space = $Space }) } | Out-Null
    $props = [ordered]@{}
    foreach ($name in $Properties.Keys) {
        $type = [string]$Properties[$name]
        $list = $type.EndsWith('[]')
        $props[$name] = @{ type = @{ type = $type.TrimEnd('[', ']'); list = $list }; nullable = $true }
    }
    Invoke-TestApi $Emulator -Path 'models/containers' -Body @{ items = @(@{ space = $Space; externalId = $Container; usedFor = 'record'; properties = $props }) } | Out-Null
}

function New-TestStream {
    param([Parameter(Mandatory)] $Emulator, [Parameter(Mandatory)] [string] $Stream, [string] $Template = 'BasicLiveData')
    Invoke-TestApi $Emulator -Path 'streams' -Body @{ items = @(@{ externalId = $Stream; settings = @{ template = @{ name = $Template } } }) } | Out-Null
}

function Add-TestRecord {
    # Records as hashtables: ExternalId plus property values of the one container.
    param([Parameter(Mandatory)] $Emulator, [Parameter(Mandatory)] [string] $Stream, [Parameter(Mandatory)] [string] $Space,
        [Parameter(Mandatory)] [string] $Container, [Parameter(Mandatory)] [hashtable[]] $Record, [switch] $Upsert)
    $path = if ($Upsert) { "streams/$Stream/records/upsert" } else { "streams/$Stream/records" }
    for ($i = 0; $i -lt $Record.Count; $i += 1000) {
        $batch = $Record[$i..([Math]::Min($i + 999, $Record.Count - 1))]
        $items = foreach ($r in $batch) {
            $props = @{}
            foreach ($k in $r.Keys) { if ($k -ne 'ExternalId') { $props[$k] = $r[$k] } }
            @{ space = $Space; externalId = $r.ExternalId; sources = @(@{ source = @{ type = 'container'; space = $Space; externalId = $Container }; properties = $props }) }
        }
        Invoke-TestApi $Emulator -Path $path -Body @{ items = @($items) } | Out-Null
    }
}

function Remove-TestRecord {
    param([Parameter(Mandatory)] $Emulator, [Parameter(Mandatory)] [string] $Stream, [Parameter(Mandatory)] [string] $Space, [Parameter(Mandatory)] [string[]] $ExternalId)
    Invoke-TestApi $Emulator -Path "streams/$Stream/records/delete" -Body @{ items = @($ExternalId | ForEach-Object { @{ space = $Space; externalId = $_ } }) } | Out-Null
}

function Get-SyncRequestBody {
    # The bodies of the sync requests the emulator received, parsed.
    param([Parameter(Mandatory)] [string] $Stream)
    @(Get-CdfEmulatorRequest -Path "/streams/$Stream/records/sync" | ForEach-Object { $_.body | ConvertFrom-Json })
}

function Start-TestPwsh {
    # Starts the same PowerShell as the tests, whether it runs as pwsh or as 'dotnet pwsh.dll' (the .NET tool).
    param([string[]] $ArgumentList, [hashtable] $Environment = @{})
    $exe = (Get-Process -Id $PID).Path
    $psi = [System.Diagnostics.ProcessStartInfo]::new($exe)
    if ([System.IO.Path]::GetFileNameWithoutExtension($exe) -eq 'dotnet') { $psi.ArgumentList.Add([Environment]::GetCommandLineArgs()[0]) }
    foreach ($a in $ArgumentList) { $psi.ArgumentList.Add($a) }
    foreach ($k in $Environment.Keys) { $psi.Environment[$k] = $Environment[$k] }
    $psi.UseShellExecute = $false
    $psi.RedirectStandardOutput = $true
    $psi.RedirectStandardError = $true
    $p = [System.Diagnostics.Process]::Start($psi)
    # Drain both pipes so the child never blocks on them; the tasks hold what it said.
    [pscustomobject]@{ Process = $p; Out = $p.StandardOutput.ReadToEndAsync(); Err = $p.StandardError.ReadToEndAsync() }
}
