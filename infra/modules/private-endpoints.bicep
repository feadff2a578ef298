// Private endpoints, with their private DNS zones linked to the network, for the storage account's blob, queue and
// table services and for the vault: with the private option on, nothing of Sway's state is reachable publicly.

param networkName string
param storageAccountName string
param vaultName string
param location string
param tags object

resource network 'Microsoft.Network/virtualNetworks@2025-07-01' existing = {
  name: networkName

  resource subnet 'subnets' existing = {
    name: 'private-endpoints'
  }
}

resource storage 'Microsoft.Storage/storageAccounts@2025-06-01' existing = {
  name: storageAccountName
}

resource vault 'Microsoft.KeyVault/vaults@2026-02-01' existing = {
  name: vaultName
}

var storageSuffix = environment().suffixes.storage

var endpoints = [
  {
    name: 'blob'
    groupId: 'blob'
    zone: 'privatelink.blob.${storageSuffix}'
  }
  {
    name: 'queue'
    groupId: 'queue'
    zone: 'privatelink.queue.${storageSuffix}'
  }
  {
    name: 'table'
    groupId: 'table'
    zone: 'privatelink.table.${storageSuffix}'
  }
  {
    name: 'vault'
    groupId: 'vault'
    zone: 'privatelink.vaultcore.azure.net'
  }
]

resource zones 'Microsoft.Network/privateDnsZones@2024-06-01' = [
  for endpoint in endpoints: {
    name: endpoint.zone
    location: 'global'
    tags: tags
  }
]

resource zoneLinks 'Microsoft.Network/privateDnsZones/virtualNetworkLinks@2024-06-01' = [
  for (endpoint, i) in endpoints: {
    parent: zones[i]
    name: 'link-${endpoint.name}'
    location: 'global'
    tags: tags
    properties: {
      registrationEnabled: false
      virtualNetwork: {
        id: network.id
      }
    }
  }
]

resource privateEndpoints 'Microsoft.Network/privateEndpoints@2025-07-01' = [
  for endpoint in endpoints: {
    name: 'pe-${endpoint.groupId == 'vault' ? vaultName : storageAccountName}-${endpoint.name}'
    location: location
    tags: tags
    properties: {
      subnet: {
        id: network::subnet.id
      }
      privateLinkServiceConnections: [
        {
          name: endpoint.name
          properties: {
            privateLinkServiceId: endpoint.groupId == 'vault' ? vault.id : storage.id
            groupIds: [
              endpoint.groupId
            ]
          }
        }
      ]
    }
  }
]

resource zoneGroups 'Microsoft.Network/privateEndpoints/privateDnsZoneGroups@2025-07-01' = [
  for (endpoint, i) in endpoints: {
    parent: privateEndpoints[i]
    name: 'default'
    properties: {
      privateDnsZoneConfigs: [
        {
          name: endpoint.name
          properties: {
            privateDnsZoneId: zones[i].id
          }
        }
      ]
    }
  }
]
