using Orleans.Messaging;

namespace OrleansHa.ZooKeeper.Tests.Membership;

/// <summary>A backend's membership table and gateway list provider for one cluster id, and what to dispose after.</summary>
public sealed record MembershipTableUnderTest(IMembershipTable Table, IGatewayListProvider Gateways, IAsyncDisposable Owner);
