using Azure.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OrleansHa.Hosting;
using OrleansHa.Storage.AzureBlob.Reminders;
using Xunit;

namespace OrleansHa.Storage.Tests.Reminders;

/// <summary>The silo registration and the startup validation of the reminder table options.</summary>
public sealed class AzureTableReminderHostingTests
{
    [Fact]
    public void UseAzureTableReminderService_RegistersTheTableAndOrleansReminderService()
    {
        using var host = new HostBuilder()
            .UseOrleans(silo => silo
                .UseLocalhostClustering()
                .UseAzureTableReminderService(options => options.Configure(o => o.ConnectionString = "UseDevelopmentStorage=true")))
            .Build();

        Assert.IsType<AzureTableReminderTable>(host.Services.GetRequiredService<IReminderTable>());
        Assert.NotNull(host.Services.GetService<IReminderService>());
        Assert.Contains(host.Services.GetServices<IConfigurationValidator>(), v => v is AzureTableReminderStorageOptionsValidator);
    }

    [Theory]
    [InlineData(null, false, false, "TableName", nameof(AzureTableReminderStorageOptions.ConnectionString))]
    [InlineData("UseDevelopmentStorage=true", true, true, "TableName", nameof(AzureTableReminderStorageOptions.TableServiceUri))]
    [InlineData(null, true, false, "TableName", nameof(AzureTableReminderStorageOptions.TokenCredential))]
    [InlineData("UseDevelopmentStorage=true", false, false, "bad-name", nameof(AzureTableReminderStorageOptions.TableName))]
    [InlineData("UseDevelopmentStorage=true", false, false, "ab", nameof(AzureTableReminderStorageOptions.TableName))]
    public void Validator_RejectsABadConfiguration_NamingTheOption(
        string? connectionString, bool withUri, bool withCredential, string tableName, string expectedOption)
    {
        var options = new AzureTableReminderStorageOptions
        {
            ConnectionString = connectionString,
            TableServiceUri = withUri ? new Uri("https://account.table.core.windows.net") : null,
            TokenCredential = withCredential ? new NoCredential() : null,
            TableName = tableName,
        };

        var error = Assert.Throws<OrleansConfigurationException>(
            () => new AzureTableReminderStorageOptionsValidator(options).ValidateConfiguration());

        Assert.Contains(nameof(AzureTableReminderStorageOptions), error.Message);
        Assert.Contains(expectedOption, error.Message);
    }

    [Fact]
    public void Validator_AcceptsTheDefaultsWithAConnectionString() =>
        new AzureTableReminderStorageOptionsValidator(new AzureTableReminderStorageOptions { ConnectionString = "UseDevelopmentStorage=true" })
            .ValidateConfiguration();

    private sealed class NoCredential : TokenCredential
    {
        public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
            throw new NotSupportedException();

        public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
            throw new NotSupportedException();
    }
}
