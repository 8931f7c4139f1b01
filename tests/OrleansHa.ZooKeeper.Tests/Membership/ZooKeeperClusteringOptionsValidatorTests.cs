using OrleansHa.ZooKeeper.Configuration;
using Xunit;

namespace OrleansHa.ZooKeeper.Tests.Membership;

/// <summary>Options that cannot work fail at startup with a message that names the option.</summary>
public sealed class ZooKeeperClusteringOptionsValidatorTests
{
    [Theory]
    [InlineData("", "ConnectionString")]
    [InlineData("localhost", "ConnectionString")]
    [InlineData("zk1:2181,,zk2:2181", "ConnectionString")]
    [InlineData("zk1:http", "ConnectionString")]
    [InlineData("zk1:2181/chroot/", "ConnectionString")]
    public async Task Validate_MalformedConnectionString_FailsNamingTheOption(string connectionString, string option)
    {
        var error = await ValidateAsync(options => options.ConnectionString = connectionString);

        Assert.Contains($"ZooKeeperClusteringOptions.{option}", error.Message, StringComparison.Ordinal);
        Assert.Contains($"'{connectionString}'", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("orleansha")]
    [InlineData("/orleansha/")]
    [InlineData("/orleansha//cluster")]
    [InlineData("")]
    public async Task Validate_RootPathNotAbsolute_FailsNamingTheOption(string rootPath)
    {
        var error = await ValidateAsync(options => options.RootPath = rootPath);

        Assert.Contains("ZooKeeperClusteringOptions.RootPath", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validate_NonPositiveSessionTimeout_FailsNamingTheOption()
    {
        var error = await ValidateAsync(options => options.SessionTimeout = TimeSpan.Zero);

        Assert.Contains("ZooKeeperClusteringOptions.SessionTimeout", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validate_NegativeConnectTimeout_FailsNamingTheOption()
    {
        var error = await ValidateAsync(options => options.ConnectTimeout = TimeSpan.FromSeconds(-1));

        Assert.Contains("ZooKeeperClusteringOptions.ConnectTimeout", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("a/b")]
    [InlineData("..")]
    public async Task Validate_ClusterIdThatCannotNameAZnode_FailsNamingClusterId(string clusterId)
    {
        await using var services = new ZooKeeperMembershipServices("127.0.0.1:2181", clusterId);

        var error = Assert.Throws<OrleansConfigurationException>(() => Validate(services));

        Assert.Contains("ClusterOptions.ClusterId", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validate_Defaults_WithAConnectionString_Pass()
    {
        await using var services = new ZooKeeperMembershipServices("zk1:2181,zk2:2181,[::1]:2181/apps", "cluster-1");

        Validate(services);

        var defaults = new ZooKeeperClusteringOptions();
        Assert.Equal("/orleansha", defaults.RootPath);
        Assert.Equal(TimeSpan.FromSeconds(10), defaults.SessionTimeout);
        Assert.Equal(TimeSpan.FromSeconds(10), defaults.ConnectTimeout);
    }

    private static async Task<OrleansConfigurationException> ValidateAsync(Action<ZooKeeperClusteringOptions> configure)
    {
        await using var services = new ZooKeeperMembershipServices("127.0.0.1:2181", "cluster-1", configure);
        return Assert.Throws<OrleansConfigurationException>(() => Validate(services));
    }

    private static void Validate(ZooKeeperMembershipServices services)
    {
        foreach (var validator in services.Validators)
        {
            validator.ValidateConfiguration();
        }
    }
}
