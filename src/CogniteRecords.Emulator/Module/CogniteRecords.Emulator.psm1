# Helper functions around the CogniteRecords emulator (bin/CogniteRecords.Emulator.dll next to this module).
Set-StrictMode -Version 3.0

$script:Running = [System.Collections.Generic.List[object]]::new()

function Resolve-EmulatorDll {
    $dll = Join-Path $PSScriptRoot 'bin/CogniteRecords.Emulator.dll'
    if (-not (Test-Path $dll)) {
        throw "The emulator is missing: '$dll' does not exist. Run 'dotnet pwsh ./build.ps1 Build' to lay it out."
    }
    $dll
}

function Resolve-Emulator {
    param($Emulator)
    if ($Emulator) { return $Emulator }
    if ($script:Running.Count -eq 0) { throw 'No emulator is running: start one with Start-CdfEmulator, or pass -Emulator.' }
    $script:Running[$script:Running.Count - 1]
}

function Invoke-EmulatorAdmin {
    param($Emulator, [string] $Method, [string] $Path, $Body)
    $e = Resolve-Emulator $Emulator
    $params = @{ Method = $Method; Uri = "$($e.HttpUrl)/_emulator/$Path"; ContentType = 'application/json' }
    if ($null -ne $Body) { $params.Body = ($Body | ConvertTo-Json -Depth 10 -Compress) }
    try { Invoke-RestMethod @params }
    catch {
        # Say what the emulator said (its error body), not only the status line.
        $said = $null
        if ($_.ErrorDetails -and $_.ErrorDetails.Message) {
            $said = $_.ErrorDetails.Message
            try { $said = ($said | ConvertFrom-Json).error.message } catch { }
        }
        if (-not $said) { throw }
        throw "The emulator refused $Method /_emulator/$($Path): $said"
    }
}

function Initialize-ExampleData {
    # The spaces, containers, streams and records the examples in the module's help use (Get-Help <cmdlet> -Examples),
    # so that the examples marked so run as written; tests/Pester/Help.Examples.Tests.ps1 runs each of them.
    param([Parameter(Mandatory)] $Emulator)
    $headers = @{ Authorization = "Bearer $($Emulator.Token)" }
    $post = {
        param([string] $Path, $Body)
        Invoke-RestMethod -Method Post "$($Emulator.ProjectUrl)/$Path" -Headers $headers -ContentType 'application/json' -Body ($Body | ConvertTo-Json -Depth 20 -Compress) | Out-Null
    }
    $prop = { param([string] $Type, [switch] $List) @{ type = @{ type = $Type; list = [bool]$List }; nullable = $true } }
    & $post 'models/spaces' @{ items = @(@{ space = 'plant' }, @{ space = 'telemetry' }, @{ space = 'scratch' }) }
    & $post 'models/containers' @{ items = @(
            @{ space = 'plant'; externalId = 'reading'; usedFor = 'record'; properties = [ordered]@{
                    name = & $prop text; temperature = & $prop float64; at = & $prop timestamp; tags = & $prop text -List; state = & $prop text } },
            @{ space = 'telemetry'; externalId = 'reading'; usedFor = 'record'; properties = [ordered]@{
                    temperature = & $prop float64; unit = & $prop text } },
            # scratch/trial: a container no record uses, for the examples that delete a container and a space.
            @{ space = 'scratch'; externalId = 'trial'; usedFor = 'record'; properties = [ordered]@{ note = & $prop text } }) }
    $streams = @{ 'sensor-data' = 'BasicLiveData'; 'sensor-live' = 'BasicLiveData'; 'sensor-archive' = 'BasicArchive'; 'scratch' = 'ImmutableTestStream' }
    # The API creates one stream a call.
    foreach ($id in ($streams.Keys | Sort-Object)) { & $post 'streams' @{ items = @(@{ externalId = $id; settings = @{ template = @{ name = $streams[$id] } } }) } }
    $now = [DateTimeOffset]::UtcNow
    $plant = { param([string] $Id, [int] $i, [string] $Status)
        @{ space = 'plant'; externalId = $Id; sources = @(@{ source = @{ type = 'container'; space = 'plant'; externalId = 'reading' }
                    properties = @{ name = $Id; temperature = 18.5 + 3 * $i; at = $now.AddMinutes(-$i).ToString('o'); tags = @('site-a'); state = $Status } }) } }
    # sensor-live: pumps; sensor-archive: a few of them; sensor-data: telemetry readings.
    & $post 'streams/sensor-live/records' @{ items = @(1..10 | ForEach-Object { & $plant "pump-$_" $_ $(if ($_ % 2) { 'new' } else { 'obsolete' }) }) }
    & $post 'streams/sensor-archive/records' @{ items = @(1..3 | ForEach-Object { & $plant "pump-$_" $_ 'archived' }) }
    & $post 'streams/sensor-data/records' @{ items = @(1..20 | ForEach-Object {
                @{ space = 'telemetry'; externalId = "reading-$_"; sources = @(@{ source = @{ type = 'container'; space = 'telemetry'; externalId = 'reading' }
                            properties = @{ temperature = 15 + 1.5 * $_; unit = 'C' } }) } }) }
}

function Start-CdfEmulator {
    <#
    .SYNOPSIS
        Starts the local CDF Records API emulator and waits until it is ready.
    .DESCRIPTION
        Runs 'dotnet bin/CogniteRecords.Emulator.dll' on 127.0.0.1 with a fresh port, waits for its
        'EMULATOR READY' line, and returns an object with HttpUrl, HttpsUrl, Project, ProjectUrl, Token,
        CertificateFile and Process. Stop it with Stop-CdfEmulator (e.g. in Pester's AfterAll); it also stops
        by itself when this PowerShell process ends (it runs with --exit-with-parent).
        The token is a fixed bearer token the emulator accepts for the project; a random one unless -Token is given.
    .PARAMETER Port
        HTTP port; 0 (the default) picks a free one. The HTTPS port is always picked freely.
    .PARAMETER Project
        The CDF project name to serve (default 'emulator').
    .PARAMETER Token
        The fixed bearer token to accept (default: a random one, returned in .Token).
    .PARAMETER SeedStream
        Create this stream and fill it with -SeedRecords synthetic records of -SeedProperties properties.
    .PARAMETER SeedRecords
        How many synthetic records to seed (default 1000).
    .PARAMETER SeedProperties
        How many properties each synthetic record has (default 10).
    .PARAMETER TokenLifetime
        Lifetime of tokens the emulator issues (New-CdfEmulatorToken, its OIDC endpoints).
    .PARAMETER DataPath
        A folder to persist to; a restart with the same folder keeps streams and records.
    .PARAMETER PageBytes
        The sync response cap in bytes (default 10 MB); lower it to force short pages.
    .PARAMETER CursorMaxAge
        Sync cursors older than this are refused with 'Cursor has expired'.
    .PARAMETER VisibilityDelay
        Records ingested, upserted or deleted become visible to sync, filter and aggregate only this long after the
        write, as on CDF, where reads lag writes by up to a few seconds. Default: the environment variable
        CDF_EMULATOR_VISIBILITY_DELAY (a time span like 00:00:01, or seconds) if set, else none (visible at once).
        Seeded records are visible at once.
    .PARAMETER Template
        Templates the project has besides the reference's three, as NAME=TYPE[,streams=N][,dataDeletedAfter=P7D]
        [,retainedAfterSoftDelete=P42D][,records=N][,gigabytes=N] (TYPE: Mutable or Immutable), e.g.
        '4yArchive=Immutable,streams=2,dataDeletedAfter=P1461D'.
    .PARAMETER ClusterUrl
        The cluster URL the emulator stands for (e.g. https://westeurope-1.cognitedata.com): the tokens it issues carry
        it as audience, and an API call with a token issued for another audience gets 401, as on CDF. Tokens for the
        emulator's own address are accepted too. Default: audiences are not checked.
    .PARAMETER StreamQuotas
        Enforce each template's active-stream limit (BasicLiveData 1, BasicArchive 2, ImmutableTestStream 3, as CDF
        projects have) and a limit on soft-deleted streams: a create beyond one is refused with 409 naming the quota.
    .PARAMETER Throttle
        Enforce CDF's request budgets per project and per identity (requests per second, concurrent requests, query
        response megabytes per second, by budget class): a call past one gets 429 in CDF's error shape.
    .PARAMETER ThrottleScale
        With -Throttle: multiply the budgets' rates by this (default 1, CDF's; 0.5 halves them).
    .PARAMETER TimeoutSeconds
        How long to wait for the emulator to become ready (default 60).
    .PARAMETER ExampleData
        Create what the examples in the module's help use: spaces plant and telemetry, containers plant/reading
        (name, temperature, at, tags, state) and telemetry/reading (temperature, unit), streams sensor-data,
        sensor-live, sensor-archive and scratch, and records in the first three. The examples a help page marks as
        running against the emulator then run as written.
    .EXAMPLE
        $emu = Start-CdfEmulator -SeedStream demo -SeedRecords 500
        Invoke-RestMethod "$($emu.ProjectUrl)/streams" -Headers @{ Authorization = "Bearer $($emu.Token)" }
        Stop-CdfEmulator $emu
    .OUTPUTS
        PSCustomObject (CogniteRecords.Emulator.Instance)
    #>
    [CmdletBinding()]
    [OutputType([pscustomobject])]
    param(
        [ValidateRange(0, 65535)] [int] $Port = 0,
        [ValidateNotNullOrEmpty()] [string] $Project = 'emulator',
        [ValidateNotNullOrEmpty()] [string] $Token,
        [string] $SeedStream,
        [ValidateRange(0, 100000000)] [int] $SeedRecords = 1000,
        [ValidateRange(1, 100)] [int] $SeedProperties = 10,
        [timespan] $TokenLifetime,
        [string] $DataPath,
        [ValidateRange(1024, [int]::MaxValue)] [int] $PageBytes,
        [timespan] $CursorMaxAge,
        [timespan] $VisibilityDelay,
        [string[]] $Template,
        [switch] $StreamQuotas,
        [string[]] $ClusterUrl,
        [switch] $Throttle,
        [ValidateRange(0.001, 1000)] [double] $ThrottleScale = 1,
        [ValidateRange(1, 600)] [int] $TimeoutSeconds = 60,
        [switch] $ExampleData
    )
    $dll = Resolve-EmulatorDll
    if (-not $Token) { $Token = 'emu-' + [Convert]::ToHexString([System.Security.Cryptography.RandomNumberGenerator]::GetBytes(24)).ToLowerInvariant() }
    $certFile = Join-Path ([System.IO.Path]::GetTempPath()) ("cdf-emulator-{0}.pem" -f [guid]::NewGuid().ToString('N'))

    $psi = [System.Diagnostics.ProcessStartInfo]::new('dotnet')
    # --exit-with-parent: the emulator stops when this process ends (its standard input, our pipe, closes), so a
    # script that ends without Stop-CdfEmulator leaves nothing running.
    foreach ($a in @($dll, '--port', $Port, '--project', $Project, '--token', $Token, '--cert-file', $certFile, '--exit-with-parent')) { $psi.ArgumentList.Add([string]$a) }
    if ($SeedStream) {
        foreach ($a in @('--seed-stream', $SeedStream, '--seed-records', $SeedRecords, '--seed-properties', $SeedProperties)) { $psi.ArgumentList.Add([string]$a) }
    }
    if ($PSBoundParameters.ContainsKey('TokenLifetime')) { $psi.ArgumentList.Add('--token-lifetime'); $psi.ArgumentList.Add($TokenLifetime.ToString('c')) }
    if ($DataPath) { $psi.ArgumentList.Add('--data-dir'); $psi.ArgumentList.Add((Resolve-Path -LiteralPath (New-Item -ItemType Directory -Force $DataPath)).Path) }
    if ($PageBytes) { $psi.ArgumentList.Add('--page-bytes'); $psi.ArgumentList.Add([string]$PageBytes) }
    if ($PSBoundParameters.ContainsKey('CursorMaxAge')) { $psi.ArgumentList.Add('--cursor-max-age'); $psi.ArgumentList.Add($CursorMaxAge.ToString('c')) }
    # An unbound [timespan] parameter is $null, and $null -lt anything is true: start from zero.
    if (-not $PSBoundParameters.ContainsKey('VisibilityDelay')) { $VisibilityDelay = [timespan]::Zero }
    if (-not $PSBoundParameters.ContainsKey('VisibilityDelay') -and $env:CDF_EMULATOR_VISIBILITY_DELAY) {
        # A whole test run can be made to read through the delay (build.ps1 does so for the runbook, write and soak tests).
        $fromEnv = $env:CDF_EMULATOR_VISIBILITY_DELAY
        $seconds = 0.0
        $VisibilityDelay = if ([double]::TryParse($fromEnv, [System.Globalization.NumberStyles]::Float, [cultureinfo]::InvariantCulture, [ref]$seconds)) {
            [timespan]::FromSeconds($seconds)
        } else {
            try { [timespan]::Parse($fromEnv, [cultureinfo]::InvariantCulture) }
            catch { throw "CDF_EMULATOR_VISIBILITY_DELAY must be a time span like 00:00:01 or a number of seconds; it was '$fromEnv'." }
        }
    }
    if ($null -ne $VisibilityDelay -and $VisibilityDelay -lt [timespan]::Zero) { throw "-VisibilityDelay must not be negative; it was $VisibilityDelay." }
    if ($VisibilityDelay -gt [timespan]::Zero) { $psi.ArgumentList.Add('--visibility-delay'); $psi.ArgumentList.Add($VisibilityDelay.ToString('c')) }
    foreach ($t in @($Template | Where-Object { $_ })) { $psi.ArgumentList.Add('--template'); $psi.ArgumentList.Add($t) }
    if ($StreamQuotas) { $psi.ArgumentList.Add('--stream-quotas') }
    foreach ($u in @($ClusterUrl | Where-Object { $_ })) { $psi.ArgumentList.Add('--cluster-url'); $psi.ArgumentList.Add($u) }
    if ($Throttle) { $psi.ArgumentList.Add('--throttle') }
    if ($ThrottleScale -ne 1) { $psi.ArgumentList.Add('--throttle-scale'); $psi.ArgumentList.Add($ThrottleScale.ToString([cultureinfo]::InvariantCulture)) }
    $psi.RedirectStandardOutput = $true
    $psi.RedirectStandardError = $true
    $psi.RedirectStandardInput = $true
    $psi.UseShellExecute = $false

    $process = [System.Diagnostics.Process]::Start($psi)
    # Collect stderr in the background so a chatty emulator never blocks, and so a failure can say why.
    $stderr = [System.Text.StringBuilder]::new()
    $errorTask = $process.StandardError.ReadToEndAsync()
    $deadline = [DateTime]::UtcNow.AddSeconds($TimeoutSeconds)
    $ready = $null
    while (-not $ready) {
        $lineTask = $process.StandardOutput.ReadLineAsync()
        $left = [int][Math]::Max(0, ($deadline - [DateTime]::UtcNow).TotalMilliseconds)
        if (-not $lineTask.Wait($left)) {
            try { $process.Kill($true) } catch { }
            throw "The emulator did not report ready within $TimeoutSeconds s."
        }
        $line = $lineTask.Result
        if ($null -eq $line) {
            $process.WaitForExit(5000) | Out-Null
            $why = if ($errorTask.Wait(2000)) { $errorTask.Result.Trim() } else { '' }
            throw "The emulator exited (code $($process.ExitCode)) before it was ready. $why"
        }
        if ($line.StartsWith('EMULATOR READY ')) { $ready = $line.Substring('EMULATOR READY '.Length) | ConvertFrom-Json }
    }
    # Keep draining stdout so the emulator never blocks on a full pipe.
    $null = $process.StandardOutput.ReadToEndAsync()

    $instance = [pscustomobject]@{
        PSTypeName      = 'CogniteRecords.Emulator.Instance'
        HttpUrl         = [string]$ready.http
        HttpsUrl        = [string]$ready.https
        Project         = $Project
        ProjectUrl      = "$($ready.http)/api/v1/projects/$Project"
        Token           = $Token
        CertificateFile = [string]$ready.certificateFile
        DataPath        = $DataPath
        VisibilityDelay = $VisibilityDelay
        Process         = $process
    }
    $script:Running.Add($instance)
    if ($ExampleData) {
        try { Initialize-ExampleData $instance }
        catch { Stop-CdfEmulator $instance; throw }
    }
    $instance
}

function Stop-CdfEmulator {
    <#
    .SYNOPSIS
        Stops an emulator started by Start-CdfEmulator (gracefully, so -DataPath gets its final snapshot).
    .PARAMETER Emulator
        The object Start-CdfEmulator returned; default: the last one started in this session.
    .PARAMETER TimeoutSeconds
        How long to wait for a graceful stop before killing it (default 15).
    .EXAMPLE
        AfterAll { Stop-CdfEmulator $emu }
    #>
    [CmdletBinding()]
    param(
        [Parameter(Position = 0, ValueFromPipeline)] $Emulator,
        [ValidateRange(1, 600)] [int] $TimeoutSeconds = 15
    )
    process {
        if (-not $Emulator -and $script:Running.Count -eq 0) { return }
        $e = Resolve-Emulator $Emulator
        $p = $e.Process
        if (-not $p.HasExited) {
            # Closing its standard input stops it gracefully on every OS (--exit-with-parent); SIGTERM too where
            # there are signals; kill only when it does not stop.
            try { $p.StandardInput.Close() } catch { }
            if (-not $IsWindows) { & kill -TERM $p.Id 2>$null }
            if (-not $p.WaitForExit($TimeoutSeconds * 1000)) { $p.Kill($true); $p.WaitForExit() }
        }
        if ($e.CertificateFile -and (Test-Path -LiteralPath $e.CertificateFile)) { Remove-Item -LiteralPath $e.CertificateFile -Force }
        [void]$script:Running.Remove($e)
    }
}

function Set-CdfEmulatorFault {
    <#
    .SYNOPSIS
        Injects faults into the emulator's answers: error statuses, latency, dropped connections, truncated bodies.
    .DESCRIPTION
        Either a rule that fires at -Rate (optionally only -Count times), or with -Sequence a scripted list of
        steps consumed one per matching request (use @{ Kind = 'none' } for a normal answer).
        Kinds: status (answers -Status, with Retry-After when -RetryAfter is given), latency (-LatencyMs, then the
        normal answer), drop (closes the connection in the middle of the body), truncate (a cut JSON body).
        Faults apply to /api/ paths, or to paths containing -Path.
    .PARAMETER Status
        The HTTP status of a status fault: 408, 429, 500, 502, 503, 504 (and other error codes).
    .PARAMETER Kind
        status (default when -Status is given), latency, drop, truncate.
    .PARAMETER Rate
        Probability 0..1 that a matching request gets the fault (default 1).
    .PARAMETER Count
        Fire at most this many times, then remove the rule.
    .PARAMETER RetryAfter
        Seconds for the Retry-After header of a status fault.
    .PARAMETER LatencyMs
        Delay in milliseconds (a latency fault, or added before any other kind).
    .PARAMETER Path
        Only requests whose path contains this string (e.g. '/records/sync').
    .PARAMETER Method
        Only requests with this HTTP method.
    .PARAMETER Sequence
        Scripted steps: hashtables with Kind, Status, RetryAfter, LatencyMs.
    .PARAMETER Emulator
        The emulator (default: the last one started).
    .EXAMPLE
        Set-CdfEmulatorFault -Status 429 -Count 2 -Path '/records/sync'
    .EXAMPLE
        Set-CdfEmulatorFault -Sequence @{ Status = 503 }, @{ Kind = 'none' }, @{ Kind = 'drop' }
    #>
    [CmdletBinding(DefaultParameterSetName = 'Rule')]
    param(
        [Parameter(ParameterSetName = 'Rule')] [int] $Status,
        [Parameter(ParameterSetName = 'Rule')] [ValidateSet('status', 'latency', 'drop', 'truncate')] [string] $Kind,
        [Parameter(ParameterSetName = 'Rule')] [ValidateRange(0.0, 1.0)] [double] $Rate = 1.0,
        [Parameter(ParameterSetName = 'Rule')] [ValidateRange(1, [int]::MaxValue)] [int] $Count,
        [Parameter(ParameterSetName = 'Rule')] [ValidateRange(0, 3600)] [int] $RetryAfter,
        [Parameter(ParameterSetName = 'Rule')] [ValidateRange(0, 600000)] [int] $LatencyMs,
        [Parameter(Mandatory, ParameterSetName = 'Sequence')] [hashtable[]] $Sequence,
        [string] $Path,
        [string] $Method,
        $Emulator
    )
    $body = [ordered]@{}
    if ($Path) { $body.path = $Path }
    if ($Method) { $body.method = $Method }
    if ($PSCmdlet.ParameterSetName -eq 'Sequence') {
        $body.sequence = @(foreach ($s in $Sequence) {
                $step = [ordered]@{}
                foreach ($k in $s.Keys) { $step[[string]$k.Substring(0, 1).ToLowerInvariant() + $k.Substring(1)] = $s[$k] }
                $step
            })
    }
    else {
        if (-not $Kind) { $Kind = if ($PSBoundParameters.ContainsKey('Status')) { 'status' } elseif ($LatencyMs) { 'latency' } else { throw 'Give -Status, -Kind or -LatencyMs.' } }
        $body.kind = $Kind
        if ($PSBoundParameters.ContainsKey('Status')) { $body.status = $Status }
        if ($PSBoundParameters.ContainsKey('RetryAfter')) { $body.retryAfter = $RetryAfter }
        if ($LatencyMs) { $body.latencyMs = $LatencyMs }
        $body.rate = $Rate
        if ($Count) { $body.count = $Count }
    }
    Invoke-EmulatorAdmin $Emulator POST 'faults' $body
}

function Clear-CdfEmulatorFault {
    <#
    .SYNOPSIS
        Removes every injected fault, or the one with -Id.
    .PARAMETER Id
        The id Set-CdfEmulatorFault returned.
    .PARAMETER Emulator
        The emulator (default: the last one started).
    .EXAMPLE
        Clear-CdfEmulatorFault
    #>
    [CmdletBinding()]
    param([int] $Id, $Emulator)
    if ($Id) { $null = Invoke-EmulatorAdmin $Emulator DELETE "faults/$Id" } else { $null = Invoke-EmulatorAdmin $Emulator DELETE 'faults' }
}

function Get-CdfEmulatorRequest {
    <#
    .SYNOPSIS
        Reads the emulator's log of API requests: method, path, query, body, whether an Authorization header was
        sent (never its value), status, request id and any injected fault.
    .PARAMETER Path
        Only requests whose path contains this string.
    .PARAMETER Method
        Only requests with this method.
    .PARAMETER Emulator
        The emulator (default: the last one started).
    .EXAMPLE
        Get-CdfEmulatorRequest -Path '/records/sync' | Select-Object status, body
    #>
    [CmdletBinding()]
    param([string] $Path, [string] $Method, $Emulator)
    $query = @()
    if ($Path) { $query += 'path=' + [uri]::EscapeDataString($Path) }
    if ($Method) { $query += 'method=' + [uri]::EscapeDataString($Method) }
    $suffix = if ($query) { '?' + ($query -join '&') } else { '' }
    (Invoke-EmulatorAdmin $Emulator GET "requests$suffix").items
}

function Clear-CdfEmulatorRequest {
    <#
    .SYNOPSIS
        Empties the emulator's request log.
    .PARAMETER Emulator
        The emulator (default: the last one started).
    .EXAMPLE
        Clear-CdfEmulatorRequest
    #>
    [CmdletBinding()]
    param($Emulator)
    $null = Invoke-EmulatorAdmin $Emulator DELETE 'requests'
}

function New-CdfEmulatorToken {
    <#
    .SYNOPSIS
        Issues a signed access token (JWT) from the emulator, e.g. a short-lived one to test expiry.
    .PARAMETER Subject
        The token's subject (default 'emulator-user').
    .PARAMETER Project
        The projects it may reach (default: the emulator's projects).
    .PARAMETER Lifetime
        How long it is valid (default: the emulator's token lifetime).
    .PARAMETER Audience
        The token's audience (default: the emulator's cluster URL, if it was started with -ClusterUrl). A token for
        another audience than the cluster's gets 401 from such an emulator, as from CDF.
    .PARAMETER Emulator
        The emulator (default: the last one started).
    .EXAMPLE
        $short = New-CdfEmulatorToken -Lifetime (New-TimeSpan -Seconds 5)
    .OUTPUTS
        System.String
    #>
    [CmdletBinding()]
    [OutputType([string])]
    param([string] $Subject = 'emulator-user', [string[]] $Project, [timespan] $Lifetime, [string] $Audience, $Emulator)
    $body = [ordered]@{ subject = $Subject }
    if ($Audience) { $body.audience = $Audience }
    if ($Project) { $body.projects = @($Project) }
    if ($PSBoundParameters.ContainsKey('Lifetime')) { $body.lifetimeSeconds = $Lifetime.TotalSeconds }
    (Invoke-EmulatorAdmin $Emulator POST 'tokens' $body).accessToken
}

function Set-CdfEmulatorConfig {
    <#
    .SYNOPSIS
        Changes the emulator's settings while it runs: the sync page cap, the cursor maximum age, the token lifetime,
        the visibility delay, quotas, throttling, the tombstone retention.
    .PARAMETER PageBytes
        The sync response cap in bytes.
    .PARAMETER CursorMaxAge
        Cursors older than this are refused as expired.
    .PARAMETER NoCursorExpiry
        Cursors never expire (the default).
    .PARAMETER TokenLifetime
        Lifetime of tokens issued from now on.
    .PARAMETER VisibilityDelay
        How long after a write its records become visible to sync, filter and aggregate (zero: at once).
    .PARAMETER StreamQuotas
        $true enforces each template's active-stream limit and the soft-deleted stream limit, $false stops it.
    .PARAMETER Throttling
        $true enforces CDF's request budgets (429 when one is spent; every budget starts full), $false stops it.
    .PARAMETER TombstoneRetention
        How long deletes' tombstones are kept for sync (default 3 days, CDF's promise). A cursor older than this
        gets "Cursor has expired" (or, with -OldCursors miss-deletes, misses the dropped deletes).
    .PARAMETER OldCursors
        What a cursor older than the tombstone retention gets: 'expire' (the default: 400 Cursor has expired) or
        'miss-deletes' (pages on without the deletes whose tombstones were dropped, as CDF may do).
    .PARAMETER Emulator
        The emulator (default: the last one started).
    .EXAMPLE
        Set-CdfEmulatorConfig -PageBytes 4096
    .EXAMPLE
        # A service that keeps tombstones a week: a cursor four days old still works (and Sync-CdfRecord warns).
        Set-CdfEmulatorConfig -TombstoneRetention 7.00:00:00
    #>
    [CmdletBinding()]
    param(
        [ValidateRange(1024, [int]::MaxValue)] [int] $PageBytes,
        [timespan] $CursorMaxAge,
        [switch] $NoCursorExpiry,
        [timespan] $TokenLifetime,
        [timespan] $VisibilityDelay,
        [bool] $StreamQuotas,
        [bool] $Throttling,
        [timespan] $TombstoneRetention,
        [ValidateSet('expire', 'miss-deletes')] [string] $OldCursors,
        $Emulator
    )
    $body = [ordered]@{}
    if ($PSBoundParameters.ContainsKey('TombstoneRetention')) {
        if ($TombstoneRetention -le [timespan]::Zero) { throw "-TombstoneRetention must be positive; it was $TombstoneRetention." }
        $body.tombstoneRetentionSeconds = $TombstoneRetention.TotalSeconds
    }
    if ($OldCursors) { $body.oldCursors = $OldCursors }
    if ($PSBoundParameters.ContainsKey('VisibilityDelay')) { $body.visibilityDelaySeconds = $VisibilityDelay.TotalSeconds }
    if ($PSBoundParameters.ContainsKey('Throttling')) { $body.throttling = $Throttling }
    if ($PSBoundParameters.ContainsKey('StreamQuotas')) { $body.streamQuotas = $StreamQuotas }
    if ($PageBytes) { $body.pageBytes = $PageBytes }
    if ($PSBoundParameters.ContainsKey('CursorMaxAge')) { $body.cursorMaxAgeSeconds = $CursorMaxAge.TotalSeconds }
    if ($NoCursorExpiry) { $body.cursorMaxAgeSeconds = $null }
    if ($PSBoundParameters.ContainsKey('TokenLifetime')) { $body.tokenLifetimeSeconds = $TokenLifetime.TotalSeconds }
    Invoke-EmulatorAdmin $Emulator POST 'config' $body
}

function ConvertTo-EmulatorClock {
    param($Answer)
    [pscustomobject]@{
        PSTypeName = 'CogniteRecords.Emulator.Clock'
        Now        = [DateTimeOffset]::FromUnixTimeMilliseconds([long]$Answer.nowMs)
        Offset     = [timespan]::FromSeconds([double]$Answer.offsetSeconds)
    }
}

function Get-CdfEmulatorClock {
    <#
    .SYNOPSIS
        Reads the emulator's clock: what it takes to be now, and how far that is ahead of the wall clock.
    .PARAMETER Emulator
        The emulator (default: the last one started).
    .EXAMPLE
        (Get-CdfEmulatorClock).Now
    .OUTPUTS
        PSCustomObject (CogniteRecords.Emulator.Clock) with Now (DateTimeOffset, UTC) and Offset (TimeSpan).
    #>
    [CmdletBinding()]
    [OutputType([pscustomobject])]
    param($Emulator)
    ConvertTo-EmulatorClock (Invoke-EmulatorAdmin $Emulator GET 'clock')
}

function Set-CdfEmulatorClock {
    <#
    .SYNOPSIS
        Sets the emulator's clock to a later time.
    .DESCRIPTION
        The emulator has one clock for everything time-based: createdTime and lastUpdatedTime of what is written
        from then on, initializeCursor, the age of sync cursors, tombstone and data retention, soft-deleted streams,
        and the expiry of the tokens it issues. Setting it lets a test see what a runbook does after days away in
        no real time. The clock only moves forward: an earlier time is refused. It keeps running from the new time.
    .PARAMETER Time
        The new time (a DateTimeOffset or DateTime; a DateTime without a kind is taken as UTC).
    .PARAMETER Emulator
        The emulator (default: the last one started).
    .EXAMPLE
        Set-CdfEmulatorClock ([DateTimeOffset]::UtcNow.AddDays(4))
    .OUTPUTS
        PSCustomObject (CogniteRecords.Emulator.Clock) with Now and Offset.
    #>
    [CmdletBinding(SupportsShouldProcess)]
    [OutputType([pscustomobject])]
    param(
        [Parameter(Mandatory, Position = 0)] [DateTimeOffset] $Time,
        $Emulator
    )
    if ($PSCmdlet.ShouldProcess('emulator clock', "Set to $($Time.ToUniversalTime().ToString('o'))")) {
        ConvertTo-EmulatorClock (Invoke-EmulatorAdmin $Emulator POST 'clock' @{ now = $Time.ToUnixTimeMilliseconds() })
    }
}

function Move-CdfEmulatorClock {
    <#
    .SYNOPSIS
        Moves the emulator's clock forward by a time span.
    .DESCRIPTION
        See Set-CdfEmulatorClock for what the clock governs. Give the step as a TimeSpan (-By) or as -Days, -Hours,
        -Minutes and -Seconds (added up). Tokens issued before the move may have expired after it: a client
        refreshes them as it would against CDF.
    .PARAMETER By
        How far to move the clock (zero or more).
    .PARAMETER Days
        Days to move the clock forward.
    .PARAMETER Hours
        Hours to move the clock forward.
    .PARAMETER Minutes
        Minutes to move the clock forward.
    .PARAMETER Seconds
        Seconds to move the clock forward.
    .PARAMETER Emulator
        The emulator (default: the last one started).
    .EXAMPLE
        Move-CdfEmulatorClock -Days 4    # a week-end away: older than the 3-day tombstone retention
    .EXAMPLE
        Move-CdfEmulatorClock ([timespan]'00:10:00')
    .EXAMPLE
        # A Pester test of a runbook (sync-readings.ps1 keeps its cursor in a checkpoint file and exits 2 on
        # CursorExpired): what does it do after a long weekend away? (tests/Pester/Runbook.AfterAWeekend.Tests.ps1)
        BeforeAll {
            Import-Module CogniteRecords.Emulator
            $emu = Start-CdfEmulator -SeedStream readings -SeedRecords 300 -SeedProperties 4
            $env:CDF_TEST_TOKEN = $emu.Token
        }
        AfterAll { Stop-CdfEmulator $emu }
        It 'stops with exit code 2 after a long weekend away' {
            pwsh -File ./sync-readings.ps1 -Url $emu.HttpUrl -Checkpoint TestDrive:/cp.json | Should -Be 'synced 300 readings'
            Move-CdfEmulatorClock -Days 4    # longer than CDF keeps tombstones: the cursor may have missed deletes
            $out = pwsh -File ./sync-readings.ps1 -Url $emu.HttpUrl -Checkpoint TestDrive:/cp.json
            $LASTEXITCODE | Should -Be 2
            $out | Should -BeLike 'CursorExpired,*-InitializeCursor*'
        }
    .OUTPUTS
        PSCustomObject (CogniteRecords.Emulator.Clock) with Now and Offset.
    #>
    [CmdletBinding(SupportsShouldProcess, DefaultParameterSetName = 'Parts')]
    [OutputType([pscustomobject])]
    param(
        [Parameter(Mandatory, Position = 0, ParameterSetName = 'Span')] [timespan] $By,
        [Parameter(ParameterSetName = 'Parts')] [ValidateRange(0, 36500)] [double] $Days,
        [Parameter(ParameterSetName = 'Parts')] [ValidateRange(0, [double]::MaxValue)] [double] $Hours,
        [Parameter(ParameterSetName = 'Parts')] [ValidateRange(0, [double]::MaxValue)] [double] $Minutes,
        [Parameter(ParameterSetName = 'Parts')] [ValidateRange(0, [double]::MaxValue)] [double] $Seconds,
        $Emulator
    )
    if ($PSCmdlet.ParameterSetName -eq 'Parts') {
        $By = [timespan]::FromSeconds($Days * 86400 + $Hours * 3600 + $Minutes * 60 + $Seconds)
    }
    if ($By -lt [timespan]::Zero) { throw "The emulator clock only moves forward: -By must not be negative; it was $By." }
    if ($PSCmdlet.ShouldProcess('emulator clock', "Move forward by $By")) {
        ConvertTo-EmulatorClock (Invoke-EmulatorAdmin $Emulator POST 'clock' @{ advanceSeconds = $By.TotalSeconds })
    }
}

function Register-CdfEmulatorClient {
    <#
    .SYNOPSIS
        Registers an OAuth client with the emulator's identity provider: a client secret, a certificate, or neither
        (a public client, for device code and interactive sign-in).
    .PARAMETER ClientId
        The client (application) id.
    .PARAMETER ClientSecret
        The client's secret (a test value; the emulator never logs it).
    .PARAMETER Certificate
        A certificate whose public part verifies the client's signed assertions (MSAL's certificate sign-in).
    .PARAMETER Project
        The projects the client's tokens reach (default: the emulator's projects).
    .PARAMETER Emulator
        The emulator (default: the last one started).
    .EXAMPLE
        Register-CdfEmulatorClient -ClientId runbook -ClientSecret (New-Guid).Guid
    .EXAMPLE
        Register-CdfEmulatorClient -ClientId device-app    # a public client
    #>
    [CmdletBinding()]
    param(
        [Parameter(Mandatory)] [ValidateNotNullOrEmpty()] [string] $ClientId,
        [string] $ClientSecret,
        [System.Security.Cryptography.X509Certificates.X509Certificate2] $Certificate,
        [string[]] $Project,
        $Emulator
    )
    $body = [ordered]@{ clientId = $ClientId }
    if ($ClientSecret) { $body.clientSecret = $ClientSecret }
    if ($Certificate) { $body.certificatePem = $Certificate.ExportCertificatePem() }
    if ($Project) { $body.projects = @($Project) }
    $null = Invoke-EmulatorAdmin $Emulator POST 'clients' $body
}

function Get-CdfEmulatorDeviceCode {
    <#
    .SYNOPSIS
        Lists the device-code sign-ins not yet redeemed (user code, client id, scope, state, expiry).
    .PARAMETER ClientId
        Only those of this client.
    .PARAMETER Emulator
        The emulator (default: the last one started).
    .EXAMPLE
        Get-CdfEmulatorDeviceCode | Where-Object state -eq 'pending'
    #>
    [CmdletBinding()]
    param([string] $ClientId, $Emulator)
    $items = @((Invoke-EmulatorAdmin $Emulator GET 'devicecode').items)
    if ($ClientId) { $items = @($items | Where-Object clientId -eq $ClientId) }
    $items
}

function Approve-CdfEmulatorDeviceCode {
    <#
    .SYNOPSIS
        Completes a pending device-code sign-in as a user, as the user would in a browser. Without -UserCode, waits
        for the next pending sign-in (of -ClientId, if given) and approves it.
    .PARAMETER UserCode
        The code shown to the user.
    .PARAMETER ClientId
        Without -UserCode: only sign-ins of this client.
    .PARAMETER User
        The user signed in (default: the emulator's default user).
    .PARAMETER TimeoutSeconds
        Without -UserCode: how long to wait for a pending sign-in (default 60).
    .PARAMETER Emulator
        The emulator (default: the last one started).
    .EXAMPLE
        Approve-CdfEmulatorDeviceCode -ClientId device-app -User 'ada@example.com'
    .OUTPUTS
        The approved user code.
    #>
    [CmdletBinding()]
    [OutputType([string])]
    param([string] $UserCode, [string] $ClientId, [string] $User, [ValidateRange(1, 3600)] [int] $TimeoutSeconds = 60, $Emulator)
    if (-not $UserCode) {
        $deadline = [DateTime]::UtcNow.AddSeconds($TimeoutSeconds)
        while (-not $UserCode) {
            $pending = @(Get-CdfEmulatorDeviceCode -ClientId $ClientId -Emulator $Emulator | Where-Object state -eq 'pending')
            if ($pending.Count -gt 0) { $UserCode = $pending[0].userCode; break }
            if ([DateTime]::UtcNow -gt $deadline) { throw "No device-code sign-in became pending within $TimeoutSeconds s." }
            Start-Sleep -Milliseconds 200
        }
    }
    $body = [ordered]@{ userCode = $UserCode }
    if ($User) { $body.user = $User }
    $null = Invoke-EmulatorAdmin $Emulator POST 'devicecode/approve' $body
    $UserCode
}

function Get-CdfEmulatorTokenRequest {
    <#
    .SYNOPSIS
        Reads the emulator identity provider's log of token requests (path, grant type, client id, client
        authentication, scope, audience, error), oldest first. Secrets are never logged.
    .PARAMETER ClientId
        Only requests of this client.
    .PARAMETER Emulator
        The emulator (default: the last one started).
    .EXAMPLE
        (Get-CdfEmulatorTokenRequest -ClientId runbook | Where-Object { -not $_.error }).Count
    #>
    [CmdletBinding()]
    param([string] $ClientId, $Emulator)
    $items = @((Invoke-EmulatorAdmin $Emulator GET 'identity/requests').items)
    if ($ClientId) { $items = @($items | Where-Object clientId -eq $ClientId) }
    $items
}

function New-CdfEmulatorTrustBundle {
    <#
    .SYNOPSIS
        Writes a PEM bundle of the system's CA certificates and the emulator's HTTPS certificate, for a child process
        to trust the emulator through SSL_CERT_FILE (.NET reads it at start on Linux: set it before the process starts).
        TLS validation stays on; only this bundle's holder trusts the emulator.
    .PARAMETER Path
        Where to write the bundle.
    .PARAMETER Emulator
        The emulator (default: the last one started).
    .EXAMPLE
        New-CdfEmulatorTrustBundle -Path $bundle; $env:SSL_CERT_FILE = $bundle; pwsh -File ./runbook.ps1
    .OUTPUTS
        System.String: the path.
    #>
    [CmdletBinding()]
    [OutputType([string])]
    param([Parameter(Mandatory)] [string] $Path, $Emulator)
    $e = Resolve-Emulator $Emulator
    $system = @($env:SSL_CERT_FILE, '/etc/ssl/certs/ca-certificates.crt', '/etc/pki/tls/certs/ca-bundle.crt', '/etc/ssl/ca-bundle.pem', '/etc/ssl/cert.pem') |
        Where-Object { $_ -and (Test-Path -LiteralPath $_ -PathType Leaf) } | Select-Object -First 1
    $text = [System.Text.StringBuilder]::new()
    if ($system) { $null = $text.Append([System.IO.File]::ReadAllText($system)).Append("`n") }
    $null = $text.Append([System.IO.File]::ReadAllText($e.CertificateFile))
    [System.IO.File]::WriteAllText($Path, $text.ToString())
    $Path
}
