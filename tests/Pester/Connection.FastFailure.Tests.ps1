#Requires -Version 7.4
# A wrong address fails at once; retries that go on are announced; -TimeoutSec and -MaxRetryTime bound them and are
# kept in the connection.
BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    Import-TestModules
    $script:emu = Start-CdfEmulator
    # A port on 127.0.0.1 where nothing listens.
    $listener = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
    $listener.Start(); $script:closedPort = $listener.LocalEndpoint.Port; $listener.Stop()
}

AfterAll {
    Disconnect-CdfProject -ErrorAction SilentlyContinue
    Clear-CdfEmulatorFault -Emulator $emu -ErrorAction SilentlyContinue
    if ($script:emu) { Stop-CdfEmulator $script:emu }
}

Describe 'Fast, clear failures' {
    It 'Connect-CdfProject to an address where nothing listens fails at once, naming it' {
        $clock = [Diagnostics.Stopwatch]::StartNew()
        $e = { Connect-CdfProject -Project p -BaseUrl "http://127.0.0.1:$closedPort" -AccessToken 'not-a-secret' } | Should -Throw -PassThru
        # A generous bound: it took 72 s with retries.
        $clock.Elapsed.TotalSeconds | Should -BeLessThan 15
        $e.Exception.Message | Should -Match "Nothing answers at http://127\.0\.0\.1:$closedPort"
        $e.CategoryInfo.Category | Should -Be 'ConnectionError'
    }

    It 'keeps -TimeoutSec and -MaxRetryTime in the connection, and refuses a bad one before any request' {
        $c = Connect-CdfProject -Project $emu.Project -BaseUrl $emu.HttpUrl -AccessToken $emu.Token -TimeoutSec 7 -MaxRetryTime 00:00:20 -PassThru
        $c.TimeoutSec | Should -Be 7
        $c.MaxRetryTime | Should -Be ([timespan]'00:00:20')
        { Connect-CdfProject -Project $emu.Project -BaseUrl $emu.HttpUrl -AccessToken $emu.Token -MaxRetryTime 0 } | Should -Throw -ErrorId 'InvalidMaxRetryTime*'
    }

    It 'warns while retries go on, and gives up within -MaxRetryTime' {
        Connect-CdfProject -Project $emu.Project -BaseUrl $emu.HttpUrl -AccessToken $emu.Token -MaxRetryTime 00:00:08 -RetryDelay 00:00:01
        Set-CdfEmulatorFault -Emulator $emu -Status 503 -Path '/streams' | Out-Null
        try {
            $clock = [Diagnostics.Stopwatch]::StartNew()
            $failed = $false
            try { Get-CdfStream -WarningVariable warned -WarningAction SilentlyContinue -ErrorAction Stop } catch { $failed = $true }
            $failed | Should -BeTrue
            $clock.Elapsed.TotalSeconds | Should -BeLessThan 25
            @($warned) -match 'Still trying after' | Should -Not -BeNullOrEmpty
        }
        finally { Clear-CdfEmulatorFault -Emulator $emu }
    }
}
