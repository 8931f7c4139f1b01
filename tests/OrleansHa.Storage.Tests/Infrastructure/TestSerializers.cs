using Microsoft.Extensions.Options;
using Orleans.Serialization;
using Orleans.Storage;

namespace OrleansHa.Storage.Tests.Infrastructure;

public static class TestSerializers
{
    public static IGrainStorageSerializer Json { get; } =
        new SystemTextJsonGrainStorageSerializer(Options.Create(new SystemTextJsonGrainStorageSerializerOptions()));
}
